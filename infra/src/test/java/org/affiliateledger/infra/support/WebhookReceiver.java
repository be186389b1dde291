package org.affiliateledger.infra.support;

import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntSupplier;

/**
 * A real local HTTP receiver that checks every request with its own Standard Webhooks verifier (HMAC-SHA256 over
 * {@code id.timestamp.body}, written here from the spec, independent of the ledger's library) and answers with the
 * status {@code answer} gives.
 */
public final class WebhookReceiver implements AutoCloseable {
    public record Received(String id, long timestamp, String signatureHeader, String body, boolean verified) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile String secret;
    private final ExecutorService workers = Executors.newFixedThreadPool(4);
    private volatile IntSupplier answer = () -> 204;
    private volatile String retryAfter;

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String ts = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String sig = exchange.getRequestHeaders().getFirst("webhook-signature");
            received.add(new Received(id, ts == null ? -1 : Long.parseLong(ts), sig, body, verifies(secret, id, ts, body, sig)));
            int status = answer.getAsInt();
            if (retryAfter != null) {
                exchange.getResponseHeaders().add("Retry-After", retryAfter);
            }
            byte[] reply = ("{\"ok\": " + (status < 300) + "}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, status == 204 ? -1 : reply.length);
            if (status != 204) {
                exchange.getResponseBody().write(reply);
            }
            exchange.close();
        });
        server.setExecutor(workers);
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void secret(String secret) {
        this.secret = secret;
    }

    public void answer(IntSupplier answer) {
        this.answer = answer;
    }

    public void retryAfter(String value) {
        this.retryAfter = value;
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** True when one of the space-separated {@code v1,<base64>} signatures is HMAC-SHA256(secret, id.ts.body). */
    public static boolean verifies(String secret, String id, String timestamp, String body, String header) {
        if (secret == null || id == null || timestamp == null || header == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            for (String part : header.split(" ")) {
                if (part.startsWith("v1,") && MessageDigest.isEqual(expected, Base64.getDecoder().decode(part.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow(); // its threads are not daemons: left running, they would outlive the test
    }
}
