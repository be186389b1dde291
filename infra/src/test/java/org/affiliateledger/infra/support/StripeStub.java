package org.affiliateledger.infra.support;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for Stripe's API (JDK HttpServer on 127.0.0.1), started once per test JVM; the ledger under test
 * reaches it through {@code ledger.stripe.api-base}. Answers {@code GET /v1/customers/{id}} with the customers a
 * test registered (for the API key it registered them under) and Stripe's 404 error otherwise.
 */
public final class StripeStub {
    private static StripeStub instance;
    private final HttpServer server;
    private final Map<String, String> customers = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private StripeStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/customers/", exchange -> {
            String customerId = exchange.getRequestURI().getPath().substring("/v1/customers/".length());
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + auth);
            String body = customers.get(auth + " " + customerId);
            int status = 200;
            if (body == null) {
                status = 404;
                body = """
                        {"error": {"code": "resource_missing", "message": "No such customer: '%s'", "param": "id",
                                   "type": "invalid_request_error"}}""".formatted(customerId);
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("Request-Id", "req_stub");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    public static synchronized StripeStub get() {
        if (instance == null) {
            try {
                instance = new StripeStub();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A customer Stripe answers for requests made with {@code apiKey}, with {@code affiliate_id} metadata. */
    public void customer(String apiKey, String customerId, String affiliateId) {
        customers.put("Bearer " + apiKey + " " + customerId, """
                {"id": "%s", "object": "customer", "created": 1700000000, "email": "buyer@example.com", "livemode": false,
                 "metadata": {"affiliate_id": "%s"}}""".formatted(customerId, affiliateId));
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }
}
