package org.affiliateledger.infra.web;

import java.util.List;

/**
 * Every {@code code} a problem+json of the ledger can carry, with its status and meaning: the list clients branch on.
 * The OpenAPI document's {@code Problem} schema is generated from it, the README's table of codes must match it, and
 * {@code ProblemCodesDocumentedTest} fails when the code base can emit a code that is not here.
 */
public final class ProblemCatalog {

    /** @param status the HTTP status the code comes with */
    public record Entry(String code, int status, String meaning) {
    }

    public static final List<Entry> ALL = List.of(
            // 400
            new Entry("invalid_request", 400, "a field or query parameter is missing or invalid; the detail names it and the rule"),
            new Entry("unknown_field", 400, "the body has a field the endpoint does not know; the detail names it and the known field it resembles"),
            new Entry("wrong_type", 400, "a JSON value has the wrong type (a string for an integer, 49.5 for minor units…); the detail says what to send"),
            new Entry("malformed_json", 400, "the body is not valid JSON, or not the JSON object the endpoint takes"),
            new Entry("missing_body", 400, "the endpoint needs a JSON body and none was sent"),
            new Entry("conflicting_fields", 400, "both spellings of one field were given (e.g. `name` and `display_name`)"),
            new Entry("invalid_rate", 400, "a rate is not a percent string from \"0\" to \"100\" with at most four decimals"),
            new Entry("invalid_currency", 400, "a currency is not an ISO-4217 code"),
            new Entry("invalid_cursor", 400, "`cursor` is not a `next_cursor` this API issued"),
            new Entry("invalid_program_setting", 400, "a program setting (`PATCH /api/v1/program`) is out of range or malformed"),
            new Entry("attribution_required", 400, "a conversion or event names neither an affiliate nor a click session"),
            new Entry("invalid_webhook_url", 400, "a webhook URL is not an absolute http(s) URL without credentials or fragment"),
            new Entry("webhook_target_refused", 400, "a webhook URL is or resolves to a non-public address (SSRF guard)"),
            new Entry("invalid_idempotency_key", 400, "`Idempotency-Key` is not 1–255 visible ASCII characters"),
            new Entry("stripe_secret_not_set", 400, "a Stripe event arrived for a merchant without `stripe_webhook_secret`"),
            new Entry("invalid_stripe_signature", 400, "a Stripe event's `Stripe-Signature` is missing, wrong or too old"),
            new Entry("invalid_stripe_event", 400, "a signed Stripe request is not a Stripe event"),
            // 401, 403
            new Entry("unauthorized", 401, "no API key: send `Authorization: Bearer <key>`"),
            new Entry("invalid_api_key", 401, "the API key is malformed, unknown or revoked"),
            new Entry("invalid_admin_token", 401, "an operator endpoint was called without the right `LEDGER_ADMIN_TOKEN`"),
            new Entry("forbidden", 403, "refused for this caller"),
            new Entry("missing_scope", 403, "the API key lacks the scope the endpoint needs (the detail names it)"),
            // 404, 405, 406
            new Entry("not_found", 404, "no such resource for this merchant (another merchant's id is not found either)"),
            new Entry("route_not_found", 404, "no such endpoint; the routes are in the OpenAPI document at `/api/v1/openapi`"),
            new Entry("method_not_allowed", 405, "the endpoint exists but not with this HTTP method"),
            new Entry("not_acceptable", 406, "the `Accept` header asks for a representation the endpoint cannot give"),
            // 409
            new Entry("conflict", 409, "the request conflicts with the current state"),
            new Entry("duplicate", 409, "something that must be unique per merchant is taken"),
            new Entry("duplicate_email", 409, "another affiliate of the merchant has this email"),
            new Entry("duplicate_short_code", 409, "another affiliate of the merchant has this short code"),
            new Entry("duplicate_external_id", 409, "a conversion (or event of this type) with this `external_id` was already recorded"),
            new Entry("duplicate_conversion", 409, "this sale (charge, payment intent or invoice) was already recorded"),
            new Entry("state_conflict", 409, "the resource's current state does not allow the change"),
            new Entry("affiliate_state_conflict", 409, "the affiliate's status does not allow this transition (the detail names it)"),
            new Entry("commission_state_conflict", 409, "the commission's status does not allow this transition (the detail names it)"),
            new Entry("payout_state_conflict", 409, "the payout's status does not allow this transition (the detail names it)"),
            new Entry("affiliate_not_active", 409, "conversions are recorded for active affiliates only"),
            new Entry("affiliate_banned", 409, "the affiliate is banned, which is final"),
            new Entry("commission_flagged", 409, "a fraud rule flagged the commission: review it, then clear the flag or void it"),
            new Entry("commission_not_flagged", 409, "there is no fraud flag to clear"),
            new Entry("commission_in_payout", 409, "the commission is reserved by a payout: fail that payout first"),
            new Entry("commission_not_in_payout", 409, "the commission is not reserved by that payout"),
            new Entry("api_key_revoked", 409, "the API key is already revoked"),
            new Entry("webhook_endpoint_disabled", 409, "the webhook endpoint is disabled: enable it first"),
            new Entry("projection_busy", 409, "the projection is running on another node"),
            new Entry("projection_not_resettable", 409, "the projection cannot be rebuilt"),
            new Entry("concurrent_change", 409, "another request changed the resource at the same moment: retry"),
            new Entry("idempotency_in_progress", 409, "a request with this `Idempotency-Key` is still running: retry shortly"),
            new Entry("currency_locked", 409, "the program currency cannot change once money was recorded in it"),
            new Entry("last_admin_key", 409, "the merchant's last active admin key cannot be revoked: issue another admin key first"),
            // 413, 414, 415
            new Entry("body_too_large", 413, "the body is larger than `LEDGER_MAX_BODY_BYTES`"),
            new Entry("uri_too_long", 414, "the request line (URL) is too long"),
            new Entry("unsupported_media_type", 415, "the body is not JSON: send `Content-Type: application/json`"),
            // 422
            new Entry("unprocessable", 422, "well-formed, but a rule of the program refuses it"),
            new Entry("idempotency_key_reused", 422, "this `Idempotency-Key` was used with a different request"),
            new Entry("parent_not_found", 422, "the parent affiliate does not exist in this program"),
            new Entry("parent_is_self", 422, "an affiliate cannot be its own parent"),
            new Entry("parent_banned", 422, "the parent affiliate is banned"),
            new Entry("lineage_too_deep", 422, "the parent's lineage is already at the depth limit"),
            new Entry("click_session_expired", 422, "the click session is unknown or past its attribution window"),
            new Entry("event_currency_mismatch", 422, "the event type's flat reward is in the program currency, the event is not"),
            new Entry("nothing_to_pay", 422, "no approved commission outside a payout, or they net to zero"),
            new Entry("negative_balance", 422, "clawbacks exceed the approved commissions"),
            new Entry("below_payout_minimum", 422, "the balance is below `payout_minimum_cents`"),
            new Entry("tax_form_required", 422, "the payout would cross `tax_form_threshold_cents` without a tax form on file"),
            new Entry("affiliate_not_payable", 422, "banned affiliates are not paid; suspended ones once reinstated"),
            // 429, 431
            new Entry("rate_limited", 429, "the API key's requests per minute are used up: retry after `Retry-After` seconds"),
            new Entry("headers_too_large", 431, "the request headers are too large"),
            new Entry("client_error", 400, "any other refusal of the request (the status says which)"),
            new Entry("as_of_in_future", 400, "`as_of` is in the future: the ledger cannot show what has not happened yet"),
            new Entry("invalid_instant", 400, "a time parameter is not an ISO-8601 instant such as `2026-03-31T23:59:59Z`"),
            new Entry("instant_in_future", 400, "a time parameter that must be in the past (or now) is in the future"),
            new Entry("from_after_to", 400, "`from` is after `to`"),
            new Entry("unknown_parameter", 400, "the query has a parameter the endpoint does not know; the detail lists the known ones"),
            new Entry("unknown_event_type", 400, "`type` is not a public event type of the history (the detail lists them)"),
            new Entry("invalid_position", 400, "`X-Ledger-Position` is not a position a write of this ledger answered"),
            new Entry("invalid_at_position", 400, "`at_position` is not a whole number 0 or more (a reconciliation's `atPosition`)"),
            new Entry("at_position_beyond_head", 400, "`at_position` is beyond the event log's head: the log has not got there yet"),
            new Entry("field_not_changeable", 400, "the field cannot be changed with PATCH; the detail says how to change it"),
            new Entry("currency_required", 400, "the affiliate has balances in several currencies: give `currency` (they are never added together)"),
            // 5xx
            new Entry("internal_error", 500, "a fault of the ledger; it is logged (with the request id)"),
            new Entry("unavailable", 503, "the ledger cannot serve the request now: retry"),
            new Entry("shutting_down", 503, "this node is shutting down: retry after `Retry-After` seconds (another node, or this one restarted, answers)"),
            new Entry("database_unavailable", 503, "the database is unreachable (or dropped the connection mid-request): retry after "
                    + "`Retry-After` seconds; retrying with the same `Idempotency-Key` or `external_id` is safe"));

    private ProblemCatalog() {
    }

    public static List<String> codes() {
        return ALL.stream().map(Entry::code).toList();
    }
}
