package org.affiliateledger.bench;

import java.time.Duration;

/**
 * C: {@code GET /r/{shortCode}} (public, no key) at the top concurrency; each click records a click under a new session
 * and answers a redirect, which the client does not follow. Measured only when the endpoint exists: a first click that
 * answers anything but a redirect reports C as not available instead of failing the run.
 */
final class ClickScenario {
    private final int port;
    private final String shortCode;

    ClickScenario(int port, String shortCode) {
        this.port = port;
        this.shortCode = shortCode;
    }

    /** Gives the program a landing URL (a click redirects there), then: null when a click redirects, else why C cannot be measured. */
    String unavailableReason(String key) {
        try (HttpConnection http = new HttpConnection(port)) {
            HttpConnection.Response program = http.patch("/api/v1/program", key, "{\"landing_url\":\"https://shop.example.com/pricing\"}");
            if (!program.ok()) {
                System.out.println("  PATCH /api/v1/program landing_url answered " + program.status() + " (no click links in this build?)");
            }
            HttpConnection.Response response = http.get(path(), null);
            return redirect(response.status()) ? null
                    : "GET /r/{shortCode} answered " + response.status() + " for an active affiliate's code (the click endpoint is not in this build)";
        }
    }

    ClosedLoop.Run run(int clients, Duration duration) {
        return ClosedLoop.run(clients, duration, i -> new ClosedLoop.Operation() {
            final HttpConnection http = new HttpConnection(port);

            @Override
            public void call() {
                int status = http.get(path(), null).status();
                if (!redirect(status)) {
                    throw new IllegalStateException("GET /r/" + shortCode + " answered " + status);
                }
            }

            @Override
            public void close() {
                http.close();
            }
        });
    }

    private String path() {
        return "/r/" + shortCode;
    }

    private static boolean redirect(int status) {
        return status == 302 || status == 303 || status == 307;
    }
}
