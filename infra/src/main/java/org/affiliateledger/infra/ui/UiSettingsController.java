package org.affiliateledger.infra.ui;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.affiliateledger.command.apikey.ApiKeyCommandController;
import org.affiliateledger.command.apikey.ApiKeyCommandController.IssueRequest;
import org.affiliateledger.command.apikey.ApiKeyCommandController.IssuedKey;
import org.affiliateledger.command.merchant.NullableCents;
import org.affiliateledger.command.merchant.ProgramCommandController;
import org.affiliateledger.command.merchant.ProgramCommandController.ChangeRequest;
import org.affiliateledger.command.merchant.ProgramCommandController.EventRewardRequest;
import org.affiliateledger.command.merchant.ProgramCommandController.FraudRulesRequest;
import org.affiliateledger.command.merchant.ProgramCommandController.PerformanceTierRequest;
import org.affiliateledger.command.merchant.ProgramCommandController.RefundRateRequest;
import org.affiliateledger.command.merchant.ProgramCommandController.SwitchRequest;
import org.affiliateledger.command.merchant.ProgramCommandController.VelocityRequest;
import org.affiliateledger.events.apikey.ApiKeyView;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.LedgerException;
import org.affiliateledger.events.merchant.FraudRules;
import org.affiliateledger.events.merchant.ProgramSettings;
import org.affiliateledger.infra.web.BodyProblems;
import org.affiliateledger.infra.web.ProblemAdvice;
import org.affiliateledger.query.apikey.ApiKeyQueryController;
import org.affiliateledger.query.program.ProgramQueryController;
import org.affiliateledger.query.support.ListPage;
import org.axonframework.commandhandling.CommandExecutionException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code /ui/settings}: the program settings, the checkout snippet, the Stripe setup and the API keys with their audit
 * log. Reads go through the API's own read controllers ({@link ProgramQueryController}, {@link ApiKeyQueryController}),
 * changes through its write controllers ({@link ProgramCommandController}, {@link ApiKeyCommandController}) with the same request records, validated by the same constraints: a refusal is
 * the API's problem detail, shown next to the field it names. Only an {@code admin} key may change anything here
 * ({@link UiScopes}); other keys see the values without forms, and no API keys (listing them needs {@code admin}, as in
 * the API).
 */
@Controller
@Hidden
@RequestMapping("/ui/settings")
public class UiSettingsController {
    /** The program form's fields, in the API's spelling, in the order the page shows them. */
    static final List<String> PROGRAM_FIELDS = List.of("currency", "default_rate", "hold_days", "attribution_window_days",
            "landing_url", "payout_minimum_cents", "tax_form_threshold_cents", "mlm_tier_rates");
    static final List<String> KEY_SCOPES = List.of("read", "write", "admin");
    /** Empty rows under the event rewards and performance tiers, to add one (or two) at a time. */
    static final int BLANK_ROWS = 2;
    /** The fraud rules form's fields: {@code <rule>_<field>} of the API's {@code fraud_rules.<rule>.<field>}. */
    static final List<String> FRAUD_FIELDS = List.of("self_referral_enabled", "velocity_enabled", "velocity_max_conversions",
            "velocity_window_minutes", "refund_rate_enabled", "refund_rate_max_percent", "refund_rate_min_conversions");
    private static final int AUDIT_PAGE = 50;

    private final ProgramQueryController programReads;
    private final ProgramCommandController programWrites;
    private final ApiKeyQueryController keyReads;
    private final ApiKeyCommandController keyWrites;
    private final Validator validator;
    private final UiWrites writes;

    public UiSettingsController(ProgramQueryController programReads, ProgramCommandController programWrites,
                                ApiKeyQueryController keyReads, ApiKeyCommandController keyWrites, Validator validator,
                                UiWrites writes) {
        this.programReads = programReads;
        this.programWrites = programWrites;
        this.keyReads = keyReads;
        this.keyWrites = keyWrites;
        this.validator = validator;
        this.writes = writes;
    }

    @GetMapping
    public String show(HttpServletRequest request, Model model) {
        ProgramSettings program = programReads.get(UiAdvice.contextOf(request).session().caller());
        return page(request, model, program, formOf(program), Map.of(), null);
    }

    /** Changes what differs from the current settings, in one {@code PATCH /api/v1/program} request. */
    @PostMapping("/program")
    public String changeProgram(HttpServletRequest request, HttpServletResponse response, Model model,
                                @RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                @RequestParam Map<String, String> submitted) {
        ProgramSettings current = programReads.get(caller);
        Map<String, String> before = formOf(current);
        Map<String, String> form = new LinkedHashMap<>();
        for (String field : PROGRAM_FIELDS) {
            String value = submitted.get(field);
            form.put(field, value == null ? before.get(field) : value.strip());
        }
        Map<String, String> errors = new TreeMap<>();
        ChangeRequest change = changeOf(before, form, errors);
        if (errors.isEmpty()) {
            errors.putAll(violations(change));
        }
        if (errors.isEmpty()) {
            try {
                programWrites.change(caller, change);
            } catch (LedgerException | CommandExecutionException e) {
                errors.putAll(refusal(e, PROGRAM_FIELDS, Map.of(
                        "invalid_rate", change.defaultRate() != null ? "default_rate" : "mlm_tier_rates",
                        "invalid_currency", "currency", "currency_locked", "currency")));
            }
        }
        if (!errors.isEmpty()) {
            response.setStatus(400);
            return page(request, model, current, form, errors, null);
        }
        writes.awaitReadModels();
        return "redirect:/ui/settings?done=save&n=1#program";
    }

    /** The Stripe secrets: write-only; blank leaves a secret as it is, the remove buttons send "" (as the API's PATCH). */
    @PostMapping("/stripe")
    public String changeStripe(HttpServletRequest request, HttpServletResponse response, Model model,
                               @RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                               @RequestParam(name = "stripe_webhook_secret", required = false) String webhookSecret,
                               @RequestParam(name = "stripe_api_key", required = false) String apiKey,
                               @RequestParam(required = false) String remove) {
        String secret = "stripe_webhook_secret".equals(remove) ? "" : blankToNull(webhookSecret);
        String key = "stripe_api_key".equals(remove) ? "" : blankToNull(apiKey);
        Map<String, String> errors = new TreeMap<>();
        if (secret == null && key == null) {
            errors.put("stripe_webhook_secret", "enter the signing secret (whsec_…) or a Stripe key to save");
        } else {
            ChangeRequest change = new ChangeRequest(null, null, null, secret, key, null, null, null, null, null, null, null, null);
            errors.putAll(violations(change));
            if (errors.isEmpty()) {
                try {
                    programWrites.change(caller, change);
                } catch (LedgerException | CommandExecutionException e) {
                    errors.putAll(refusal(e, List.of("stripe_webhook_secret", "stripe_api_key"), Map.of()));
                }
            }
        }
        ProgramSettings current = programReads.get(caller);
        if (!errors.isEmpty()) {
            response.setStatus(400);
            return page(request, model, current, formOf(current), errors, null);
        }
        writes.awaitReadModels();
        return "redirect:/ui/settings?done=save&n=1#stripe";
    }

    /** A row of the event rewards or performance tiers form, as typed (columns a, b, c in the form's order). */
    public record Row(String a, String b, String c) {
        boolean blank() {
            return a.isBlank() && b.isBlank() && c.isBlank();
        }
    }

    /**
     * The whole event rewards table, as {@code PATCH /api/v1/program} {@code {"event_rewards": {...}}} replaces it: one
     * row per event type with a flat amount (minor units of the program currency) and/or a rate; an empty row is left out.
     */
    @PostMapping("/event-rewards")
    public String changeEventRewards(HttpServletRequest request, HttpServletResponse response, Model model,
                                     @RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller) {
        List<Row> rows = rows(request, "reward_type", "reward_flat_amount_cents", "reward_rate");
        Map<String, String> errors = new TreeMap<>();
        Map<String, EventRewardRequest> rewards = new LinkedHashMap<>();
        for (Row row : rows) {
            if (row.blank()) {
                continue;
            }
            String type = row.a().strip();
            Long flat = cents("event_rewards." + type + ".flat_amount_cents", blankToNull(row.b()), errors);
            if (rewards.put(type, new EventRewardRequest(flat, blankToNull(row.c()))) != null) {
                errors.putIfAbsent("", "event_rewards names \"" + type + "\" twice"); // the API's words for a repeated type
            }
        }
        ChangeRequest change = new ChangeRequest(null, null, null, null, null, null, rewards, null, null, null, null, null, null);
        return changeRule(request, response, model, caller, change, errors, "event_rewards", "rewardRows", rows);
    }

    /** The whole list of performance tiers, as {@code PATCH /api/v1/program} {@code {"performance_tiers": [...]}} replaces it. */
    @PostMapping("/performance-tiers")
    public String changePerformanceTiers(HttpServletRequest request, HttpServletResponse response, Model model,
                                         @RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller) {
        List<Row> rows = rows(request, "tier_name", "tier_min_revenue_cents", "tier_rate");
        Map<String, String> errors = new TreeMap<>();
        List<PerformanceTierRequest> tiers = new ArrayList<>();
        for (Row row : rows) {
            if (row.blank()) {
                continue;
            }
            Long minimum = cents("performance_tiers[" + tiers.size() + "].min_revenue_cents", blankToNull(row.b()), errors);
            tiers.add(new PerformanceTierRequest(row.a().strip(), minimum, blankToNull(row.c())));
        }
        ChangeRequest change = new ChangeRequest(null, null, null, null, null, null, null, null, null, null, null, null, tiers);
        return changeRule(request, response, model, caller, change, errors, "performance_tiers", "tierRows", rows);
    }

    /** The three fraud rules, each switched on or off with its limits, as {@code {"fraud_rules": {...}}} (every field given). */
    @PostMapping("/fraud-rules")
    public String changeFraudRules(HttpServletRequest request, HttpServletResponse response, Model model,
                                   @RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                   @RequestParam Map<String, String> submitted) {
        Map<String, String> errors = new TreeMap<>();
        Map<String, String> form = new LinkedHashMap<>();
        FRAUD_FIELDS.forEach(field -> form.put(field, submitted.getOrDefault(field, "").strip()));
        FraudRulesRequest rules = new FraudRulesRequest(
                new SwitchRequest(checked(form.get("self_referral_enabled"))),
                new VelocityRequest(checked(form.get("velocity_enabled")),
                        integer("fraud_rules.velocity.max_conversions", form.get("velocity_max_conversions"), errors),
                        integer("fraud_rules.velocity.window_minutes", form.get("velocity_window_minutes"), errors)),
                new RefundRateRequest(checked(form.get("refund_rate_enabled")), form.get("refund_rate_max_percent"),
                        integer("fraud_rules.refund_rate.min_conversions", form.get("refund_rate_min_conversions"), errors)));
        ChangeRequest change = new ChangeRequest(null, null, null, null, null, null, null, null, null, null, null, rules, null);
        model.addAttribute("fraudForm", form);
        return changeRule(request, response, model, caller, change, errors, "fraud_rules", null, null);
    }

    /**
     * Sends one rule's change through the API's controller, unless the form itself could not be read; a refusal (the
     * API's message) is shown above that rule's form, the page keeps what was typed, and nothing changes.
     */
    private String changeRule(HttpServletRequest request, HttpServletResponse response, Model model, ApiCaller caller,
                              ChangeRequest change, Map<String, String> formErrors, String rule, String rowsAttribute,
                              List<Row> rows) {
        List<String> refusals = new ArrayList<>(formErrors.values());
        if (refusals.isEmpty()) {
            String violations = apiViolations(change);
            if (violations != null) {
                refusals.add(violations);
            }
        }
        if (refusals.isEmpty()) {
            try {
                programWrites.change(caller, change);
            } catch (LedgerException | CommandExecutionException e) {
                refusals.add(refusalMessage(e));
            }
        }
        String anchor = rule.replace('_', '-');
        if (refusals.isEmpty()) {
            writes.awaitReadModels();
            return "redirect:/ui/settings?done=save&n=1#" + anchor;
        }
        response.setStatus(400);
        if (rowsAttribute != null) {
            model.addAttribute(rowsAttribute, withBlankRows(rows));
        }
        ProgramSettings current = programReads.get(caller);
        return page(request, model, current, formOf(current), Map.of(rule, String.join("; ", refusals)), null);
    }

    /** Issues a key through {@code POST /api/v1/api-keys}; its secret is in this response only (never in a redirect). */
    @PostMapping("/api-keys")
    public String issueKey(HttpServletRequest request, HttpServletResponse response, Model model,
                           @RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                           @RequestParam(required = false) String name,
                           @RequestParam(name = "scopes", required = false) List<String> scopes,
                           @RequestParam(name = "read_per_minute", required = false) String readPerMinute,
                           @RequestParam(name = "write_per_minute", required = false) String writePerMinute) {
        Map<String, String> errors = new TreeMap<>();
        Integer reads = integer("read_per_minute", blankToNull(readPerMinute), errors);
        Integer writesPerMinute = integer("write_per_minute", blankToNull(writePerMinute), errors);
        IssueRequest issue = new IssueRequest(name == null ? "" : name.strip(), scopes == null ? List.of() : scopes,
                reads == null && writesPerMinute == null ? null : new ApiKeyCommandController.Limits(reads, writesPerMinute));
        if (errors.isEmpty()) {
            errors.putAll(violations(issue));
        }
        IssuedKey issued = null;
        if (errors.isEmpty()) {
            try {
                issued = keyWrites.issue(caller, issue).getBody();
            } catch (LedgerException | CommandExecutionException e) {
                errors.putAll(refusal(e, List.of("name", "scopes", "read_per_minute", "write_per_minute"), Map.of()));
            }
        }
        ProgramSettings current = programReads.get(caller);
        if (!errors.isEmpty()) {
            response.setStatus(400);
            model.addAttribute("keyName", name);
            model.addAttribute("keyScopes", scopes == null ? List.of() : scopes);
            return page(request, model, current, formOf(current), errors, null);
        }
        writes.awaitReadModels();
        response.setHeader("Cache-Control", "no-store");
        return page(request, model, current, formOf(current), Map.of(), issued);
    }

    @PostMapping("/api-keys/{id}/revoke")
    public String revokeKey(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id) {
        keyWrites.revoke(caller, id); // a refusal (already revoked, the last admin key, another merchant's id) is the page's answer
        writes.awaitReadModels();
        if (id.equals(caller.keyId())) {
            return "redirect:/ui/login"; // the session signed in with this key has ended with it
        }
        return "redirect:/ui/settings?done=revoke&n=1#api-keys";
    }

    /** One key and its audit log: requests made with it and changes made to it (as {@code GET /api/v1/api-keys/{id}/audit}). */
    @GetMapping("/api-keys/{id}")
    public String key(HttpServletRequest request, HttpServletResponse response, Model model, @PathVariable String id,
                      @RequestParam(required = false) String cursor) {
        UiContext ui = UiAdvice.contextOf(request);
        if (!ui.session().mayAdminister()) {
            response.setStatus(403);
            model.addAttribute("status", 403);
            model.addAttribute("message", "Reading API keys and their audit log needs the 'admin' scope, as in the API.");
            return "ui/error";
        }
        ApiCaller caller = ui.session().caller();
        ApiKeyView key = keyReads.get(caller, id);
        ListPage<ApiKeyQueryController.AuditEntry> audit = keyReads.audit(caller, id, AUDIT_PAGE, blankToNull(cursor));
        model.addAttribute("key", key);
        model.addAttribute("audit", audit.data());
        model.addAttribute("nextLink", UiPaging.next(request, ui, audit.nextCursor()));
        return "ui/api-key";
    }

    private String page(HttpServletRequest request, Model model, ProgramSettings program, Map<String, String> form,
                        Map<String, String> errors, IssuedKey issued) {
        UiContext ui = UiAdvice.contextOf(request);
        String base = ServletUriComponentsBuilder.fromContextPath(request).replaceQuery(null).build().toUriString();
        model.addAttribute("program", program);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("formError", errors.get(""));
        model.addAttribute("issued", issued);
        model.addAttribute("scopeChoices", KEY_SCOPES);
        model.addAttribute("stripeWebhookUrl", base + "/stripe/webhooks/" + ui.merchantId());
        model.addAttribute("snippetTag", "<script src=\"" + base + "/snippet.js\"></script>");
        model.addAttribute("checkoutExample", """
                // in the browser, when the visitor starts the checkout
                const metadata = window.affiliateLedger.metadata(); // {affiliate_id, affiliate_session_id}
                // on your server: pass them to Stripe
                stripe.checkout.sessions.create({ ..., payment_intent_data: { metadata }, metadata });""");
        boolean admin = ui.session().mayAdminister();
        model.addAttribute("mayListKeys", admin);
        if (admin) {
            // the keys page by cursor like every list; only GET /ui/settings carries keys_cursor (a form's answer starts over)
            String keysCursor = "GET".equals(request.getMethod()) ? blankToNull(request.getParameter("keys_cursor")) : null;
            ListPage<ApiKeyView> list = keyReads.list(ui.session().caller(), null, UiPaging.LIMIT, keysCursor);
            model.addAttribute("apiKeys", list.data());
            model.addAttribute("keysNextLink", list.nextCursor() == null ? null
                    : ui.link("/ui/settings?keys_cursor=" + list.nextCursor()) + "#api-keys");
            model.addAttribute("keysContinued", keysCursor != null);
        }
        if (!model.containsAttribute("keyScopes")) {
            model.addAttribute("keyScopes", List.of("read"));
        }
        if (!model.containsAttribute("rewardRows")) {
            model.addAttribute("rewardRows", withBlankRows(program.eventRewards() == null ? List.of()
                    : new TreeMap<>(program.eventRewards()).entrySet().stream()
                    .map(e -> new Row(e.getKey(), e.getValue().flatAmountCents() == 0 ? "" : Long.toString(e.getValue().flatAmountCents()),
                            Objects.toString(e.getValue().rate(), "")))
                    .toList()));
        }
        if (!model.containsAttribute("tierRows")) {
            model.addAttribute("tierRows", withBlankRows(program.performanceTiers() == null ? List.of()
                    : program.performanceTiers().stream()
                    .map(t -> new Row(t.name(), Long.toString(t.minRevenueCents()), t.rate())).toList()));
        }
        if (!model.containsAttribute("fraudForm")) {
            model.addAttribute("fraudForm", fraudFormOf(program.fraudRules()));
        }
        UiNotice.add(request, model);
        return "ui/settings";
    }

    /** The settings as the form shows them: the API's values as text. */
    static Map<String, String> formOf(ProgramSettings program) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("currency", Objects.toString(program.currency(), ""));
        form.put("default_rate", Objects.toString(program.defaultRate(), ""));
        form.put("hold_days", Integer.toString(program.holdDays()));
        form.put("attribution_window_days", Integer.toString(program.attributionWindowDays()));
        form.put("landing_url", Objects.toString(program.landingUrl(), ""));
        form.put("payout_minimum_cents", Long.toString(program.payoutMinimumCents()));
        form.put("tax_form_threshold_cents", program.taxFormThresholdCents() == null ? "" : program.taxFormThresholdCents().toString());
        form.put("mlm_tier_rates", program.mlmTierRates() == null ? "" : String.join(", ", program.mlmTierRates()));
        return form;
    }

    /** The PATCH body of what changed: fields left as they were are not sent (as a client sends only what it changes). */
    private static ChangeRequest changeOf(Map<String, String> before, Map<String, String> form, Map<String, String> errors) {
        String currency = changed(before, form, "currency");
        String rate = changed(before, form, "default_rate");
        Integer holdDays = integer("hold_days", changed(before, form, "hold_days"), errors);
        Integer window = integer("attribution_window_days", changed(before, form, "attribution_window_days"), errors);
        String landing = changed(before, form, "landing_url");
        Long minimum = cents("payout_minimum_cents", changed(before, form, "payout_minimum_cents"), errors);
        String thresholdText = changed(before, form, "tax_form_threshold_cents");
        NullableCents threshold = null;
        if (thresholdText != null) {
            threshold = new NullableCents(thresholdText.isEmpty() ? null : cents("tax_form_threshold_cents", thresholdText, errors));
        }
        String tiersText = changed(before, form, "mlm_tier_rates");
        List<String> tiers = tiersText == null ? null : tiersText.isEmpty() ? List.of()
                : Arrays.stream(tiersText.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
        return new ChangeRequest(currency, rate, holdDays, null, null, tiers, null, landing, window, minimum, threshold, null, null);
    }

    private static String changed(Map<String, String> before, Map<String, String> form, String field) {
        String value = form.get(field);
        return Objects.equals(value, before.get(field)) ? null : value;
    }

    private static Integer integer(String field, String text, Map<String, String> errors) {
        Long value = whole(field, text, Integer.class, errors);
        if (value == null) {
            return null;
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            errors.put(field, field + " " + BodyProblems.expected(field, Integer.class));
            return null;
        }
        return value.intValue();
    }

    private static Long cents(String field, String text, Map<String, String> errors) {
        return whole(field, text, Long.class, errors);
    }

    /** A number field as the API reads it from JSON: a whole number, or the API's message for the wrong type. */
    private static Long whole(String field, String text, Class<?> type, Map<String, String> errors) {
        if (text == null || text.isBlank()) {
            if (text != null) {
                errors.put(field, field + " " + BodyProblems.expected(field, type));
            }
            return null;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            errors.put(field, field + " " + BodyProblems.expected(field, type));
            return null;
        }
    }

    /** Bean validation of a request record, reported as the API reports it ("hold_days must be less than or equal to 365"). */
    private Map<String, String> violations(Object body) {
        Map<String, String> errors = new TreeMap<>();
        for (ConstraintViolation<Object> violation : validator.validate(body)) {
            String path = violation.getPropertyPath().toString();
            String component = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
            component = component.contains("[") ? component.substring(0, component.indexOf('[')) : component;
            String wire = ProblemAdvice.wireName(body.getClass(), component);
            if (body instanceof IssueRequest && component.equals("rateLimits")) {
                String nested = path.substring(path.lastIndexOf('.') + 1);
                wire = ProblemAdvice.wireName(ApiKeyCommandController.Limits.class, nested);
            }
            errors.merge(wire, wire + " " + violation.getMessage(), (a, b) -> a + "; " + b);
        }
        return errors;
    }

    /**
     * The API's refusal as the page shows it: next to the field its message starts with (the API names the field first:
     * "default_rate must be…"), or above the form when it names none.
     */
    static Map<String, String> refusal(RuntimeException e, List<String> fields, Map<String, String> fieldOfCode) {
        LedgerException ledger = e instanceof LedgerException l ? l
                : e.getCause() instanceof LedgerException l ? l : null;
        if (ledger == null) {
            throw e;
        }
        String message = ledger.getMessage();
        if (ledger.code() != null && fieldOfCode.containsKey(ledger.code())) {
            return Map.of(fieldOfCode.get(ledger.code()), message);
        }
        List<String> longestFirst = new ArrayList<>(fields);
        longestFirst.sort((a, b) -> b.length() - a.length());
        for (String field : longestFirst) {
            if (message.startsWith(field) || message.contains(" " + field + " ")) {
                return Map.of(field, message);
            }
        }
        return Map.of("", message);
    }

    /** The fraud rules as the form shows them: "on" for a rule switched on, the limits as text. */
    static Map<String, String> fraudFormOf(FraudRules rules) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("self_referral_enabled", rules.selfReferral().enabled() ? "on" : "");
        form.put("velocity_enabled", rules.velocity().enabled() ? "on" : "");
        form.put("velocity_max_conversions", Integer.toString(rules.velocity().maxConversions()));
        form.put("velocity_window_minutes", Integer.toString(rules.velocity().windowMinutes()));
        form.put("refund_rate_enabled", rules.refundRate().enabled() ? "on" : "");
        form.put("refund_rate_max_percent", Objects.toString(rules.refundRate().maxPercent(), ""));
        form.put("refund_rate_min_conversions", Integer.toString(rules.refundRate().minConversions()));
        return form;
    }

    private static boolean checked(String value) {
        return value != null && !value.isBlank();
    }

    /** The form's rows: the i-th value of each of the three columns (a browser sends every input, empty ones too). */
    static List<Row> rows(HttpServletRequest request, String a, String b, String c) {
        String[] as = values(request, a);
        String[] bs = values(request, b);
        String[] cs = values(request, c);
        int n = Math.max(as.length, Math.max(bs.length, cs.length));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new Row(at(as, i), at(bs, i), at(cs, i)));
        }
        return rows;
    }

    private static String[] values(HttpServletRequest request, String name) {
        String[] values = request.getParameterValues(name);
        return values == null ? new String[0] : values;
    }

    private static String at(String[] values, int i) {
        return i < values.length && values[i] != null ? values[i] : "";
    }

    private static List<Row> withBlankRows(List<Row> rows) {
        List<Row> shown = new ArrayList<>(rows.stream().filter(row -> !row.blank()).toList());
        for (int i = 0; i < BLANK_ROWS; i++) {
            shown.add(new Row("", "", ""));
        }
        return shown;
    }

    /** Bean validation of a request record in the API's own words (as {@code ProblemAdvice} answers a 400), or null. */
    private String apiViolations(Object body) {
        List<String> problems = new ArrayList<>();
        for (ConstraintViolation<Object> violation : validator.validate(body)) {
            problems.add(ProblemAdvice.wireName(body.getClass(), violation.getPropertyPath().toString()) + " " + violation.getMessage());
        }
        return problems.isEmpty() ? null : String.join("; ", problems.stream().sorted().toList());
    }

    private static String refusalMessage(RuntimeException e) {
        LedgerException ledger = e instanceof LedgerException l ? l
                : e.getCause() instanceof LedgerException l ? l : null;
        if (ledger == null) {
            throw e;
        }
        return ledger.getMessage();
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
