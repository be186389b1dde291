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
import org.affiliateledger.events.apikey.ApiKeyView;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.LedgerException;
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
    private static final int KEYS_SHOWN = 100;
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
            ListPage<ApiKeyView> list = keyReads.list(ui.session().caller(), null, KEYS_SHOWN, null);
            model.addAttribute("apiKeys", list.data());
            model.addAttribute("moreKeys", list.nextCursor() != null);
        }
        if (!model.containsAttribute("keyScopes")) {
            model.addAttribute("keyScopes", List.of("read"));
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

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
