package org.affiliateledger.infra.ui;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.ui.Model;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.List;
import java.util.Map;

/**
 * What an action did, carried across its redirect in the query string ({@code done}, {@code n}, {@code refused}) rather
 * than in a server session: the page shows "Approved 3." and each refusal with the API's message.
 */
final class UiNotice {
    private static final Map<String, String> PAST = Map.ofEntries(
            Map.entry("approve", "Approved"), Map.entry("reject", "Rejected"), Map.entry("void", "Voided"),
            Map.entry("clear-flag", "Cleared the flag of"), Map.entry("create", "Created"), Map.entry("save", "Saved"),
            Map.entry("revoke", "Revoked"), Map.entry("mark-sent", "Marked as sent"), Map.entry("mark-paid", "Marked as paid"),
            Map.entry("mark-failed", "Marked as failed"), Map.entry("approve-affiliate", "Approved"),
            Map.entry("suspend", "Suspended"), Map.entry("pause", "Paused"), Map.entry("resume", "Resumed"),
            Map.entry("reinstate", "Reinstated"), Map.entry("ban", "Banned"), Map.entry("override", "Saved the override of"));
    private static final int MAX_REFUSALS_SHOWN = 5;

    private UiNotice() {
    }

    /** The page to return to after an action: {@code back} (a dashboard path) or {@code fallback}, with the outcome. */
    static String after(String back, String fallback, String action, UiWrites.Outcome outcome) {
        String target = back == null || back.isBlank() ? fallback : UiLoginController.safeNext(back);
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(target)
                .replaceQueryParam("done", action).replaceQueryParam("n", outcome.done()).replaceQueryParam("refused");
        List<String> refused = outcome.refused();
        for (String refusal : refused.subList(0, Math.min(refused.size(), MAX_REFUSALS_SHOWN))) {
            uri.queryParam("refused", refusal.length() > 300 ? refusal.substring(0, 300) + "…" : refusal);
        }
        return uri.build().encode().toUriString();
    }

    static void add(HttpServletRequest request, Model model) {
        String done = request.getParameter("done");
        if (done == null || !PAST.containsKey(done)) {
            return;
        }
        String n = request.getParameter("n");
        int count = n == null ? 0 : parse(n);
        if (count > 0) {
            model.addAttribute("notice", PAST.get(done) + " " + count + (count == 1 ? " item." : " items."));
        }
        String[] refused = request.getParameterValues("refused");
        if (refused != null && refused.length > 0) {
            model.addAttribute("refusals", List.of(refused));
        }
    }

    private static int parse(String n) {
        try {
            return Integer.parseInt(n);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
