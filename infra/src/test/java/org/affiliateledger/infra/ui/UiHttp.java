package org.affiliateledger.infra.ui;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard over plain HTTP, for tests that read rendered pages without a browser. */
final class UiHttp {
    private static final Pattern LOGIN_TOKEN = Pattern.compile("name=\"_login\" value=\"([^\"]+)\"");

    private final int port;

    UiHttp(int port) {
        this.port = port;
    }

    /** An HTTP client holding a dashboard session opened with the key through the sign-in form. */
    HttpClient signedIn(String key) throws Exception {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        String form = page(client, "/ui/login");
        Matcher token = LOGIN_TOKEN.matcher(form);
        assertThat(token.find()).as(form).isTrue();
        String body = "api_key=" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "&_login="
                + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8) + "&next=/ui";
        HttpResponse<String> signedIn = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ui/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
        return client;
    }

    /** The page at {@code path}, which must answer 200. */
    String page(HttpClient client, String path) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    /** The text of the overview's figure {@code name} in its first (the program's) currency. */
    static String figure(String html, String name) {
        Matcher figure = Pattern.compile("data-figure=\"" + name + "\"[^>]*>([^<]*)<").matcher(html);
        assertThat(figure.find()).as(name + " in " + html).isTrue();
        return figure.group(1).strip();
    }
}
