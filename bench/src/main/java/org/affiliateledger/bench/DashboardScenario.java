package org.affiliateledger.bench;

import org.HdrHistogram.Histogram;

import java.net.URLEncoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * U: the dashboard's screens (issue 15) as a browser asks for them: signed in through {@code /ui/login} with the API
 * key (the session cookie), then every screen's HTML, one client, each answered 200; p50/p95 per screen over all rounds.
 */
final class DashboardScenario {
    static final String LOGIN_COOKIE = "ledger_ui_login";
    static final String SESSION_COOKIE = "ledger_ui";

    private final Settings settings;
    private final int port;
    private final String key;
    private final String affiliateId;

    DashboardScenario(Settings settings, int port, String key, String affiliateId) {
        this.settings = settings;
        this.port = port;
        this.key = key;
        this.affiliateId = affiliateId;
    }

    /** The screens, by name: the paths of issue 15, and one affiliate's page. */
    Map<String, String> screens() {
        Map<String, String> screens = new LinkedHashMap<>();
        for (String path : List.of("/ui", "/ui/affiliates", "/ui/conversions", "/ui/commissions", "/ui/payouts", "/ui/webhooks",
                "/ui/history", "/ui/finance", "/ui/settings")) {
            screens.put(path, path);
        }
        screens.put("/ui/affiliates/{id}", "/ui/affiliates/" + affiliateId);
        return screens;
    }

    /** @return per screen: its rounds (the same shape as R's figures) */
    List<Results.ReadFigure> measure() {
        Map<String, String> screens = screens();
        int requests = Math.max(3, settings.readRequests() / 8);
        try (HttpConnection http = new HttpConnection(port)) {
            String cookie = signIn(http);
            Harness.say("U: dashboard screens signed in with a session cookie, %d requests per screen per round", requests);
            for (String path : screens.values()) {
                for (int i = 0; i < Math.max(1, requests / 4); i++) {
                    get(http, cookie, path);
                }
            }
            Map<String, FinanceScenario.Rounds> rounds = new LinkedHashMap<>();
            screens.keySet().forEach(name -> rounds.put(name, new FinanceScenario.Rounds()));
            for (int round = 0; round < settings.repeats(); round++) {
                for (Map.Entry<String, String> screen : screens.entrySet()) {
                    Histogram micros = Latency.newHistogram();
                    for (int i = 0; i < requests; i++) {
                        long started = System.nanoTime();
                        get(http, cookie, screen.getValue());
                        Latency.record(micros, started, System.nanoTime());
                    }
                    rounds.get(screen.getKey()).add(micros);
                }
            }
            List<Results.ReadFigure> figures = new ArrayList<>();
            rounds.forEach((name, r) -> {
                Results.ReadFigure figure = r.done(name);
                figures.add(figure);
                Harness.say("  %-22s p50 %7.2f ms, p95 %7.2f ms", name, figure.all().p50Ms(), figure.all().p95Ms());
            });
            return figures;
        }
    }

    /** GET /ui/login (its form token, also set as a cookie), POST the key with it: the session cookie. */
    static String signIn(HttpConnection http, String key) {
        HttpConnection.Response form = http.page("/ui/login", null);
        String token = form.cookies().get(LOGIN_COOKIE);
        if (form.status() != 200 || token == null) {
            throw new IllegalStateException("GET /ui/login answered " + form.status() + " without a form token cookie");
        }
        HttpConnection.Response signedIn = http.form("/ui/login", LOGIN_COOKIE + "=" + token,
                "api_key=" + URLEncoder.encode(key, UTF_8) + "&_login=" + URLEncoder.encode(token, UTF_8) + "&next=%2Fui");
        String session = signedIn.cookies().get(SESSION_COOKIE);
        if (signedIn.status() != 302 || session == null || session.isEmpty()) {
            throw new IllegalStateException("POST /ui/login answered " + signedIn.status() + " without a session cookie: "
                    + signedIn.text().substring(0, Math.min(300, signedIn.text().length())));
        }
        return SESSION_COOKIE + "=" + session;
    }

    private String signIn(HttpConnection http) {
        return signIn(http, key);
    }

    /** A screen must answer 200 with HTML (a redirect to sign-in or an error page fails the run). */
    private static void get(HttpConnection http, String cookie, String path) {
        HttpConnection.Response response = http.page(path, cookie);
        String text = response.text();
        if (response.status() != 200 || !text.contains("</html>")) {
            throw new IllegalStateException("GET " + path + " answered " + response.status()
                    + (response.location() == null ? "" : " to " + response.location()) + ": "
                    + text.substring(0, Math.min(300, text.length())));
        }
    }
}
