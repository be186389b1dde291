package org.affiliateledger.command.stripe;

import com.stripe.exception.StripeException;
import com.sun.net.httpserver.HttpServer;
import org.affiliateledger.command.support.CommandSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Asking Stripe (a local stub here) for a customer's {@code affiliate_id} metadata, with the merchant's own key. */
class StripeCustomerLookupTest {
    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private final Map<String, String> keys = new ConcurrentHashMap<>();
    private final HttpServer stripe = start();
    private final StripeCustomerLookup lookup = new StripeCustomerLookup(new CommandSettings(
            new CommandSettings.Commissions(Duration.ofDays(1)), new CommandSettings.Links(""),
            new CommandSettings.StripeApi("http://127.0.0.1:" + stripe.getAddress().getPort())));

    private HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/v1/customers/", exchange -> {
                String id = exchange.getRequestURI().getPath().substring("/v1/customers/".length());
                keys.put(id, String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                byte[] body = bodies.getOrDefault(id, "{}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(statuses.getOrDefault(id, 200), body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        stripe.stop(0);
    }

    private void customer(String id, int status, String json) {
        statuses.put(id, status);
        bodies.put(id, json.replace('\'', '"'));
    }

    @Test
    void answersTheCustomersAffiliateReferenceAskedWithTheMerchantsKey() throws StripeException {
        customer("cus_1", 200, "{'id': 'cus_1', 'object': 'customer', 'metadata': {'affiliate_id': 'jane'}}");
        assertThat(lookup.affiliateReferenceOf("sk_test_merchant", "cus_1")).contains("jane");
        assertThat(keys.get("cus_1")).isEqualTo("Bearer sk_test_merchant");
    }

    @Test
    void aCustomerWithoutTheMetadataOrWithABlankOneHasNone() throws StripeException {
        customer("cus_2", 200, "{'id': 'cus_2', 'object': 'customer', 'metadata': {'plan': 'pro'}}");
        customer("cus_3", 200, "{'id': 'cus_3', 'object': 'customer', 'metadata': {'affiliate_id': '  '}}");
        customer("cus_4", 200, "{'id': 'cus_4', 'object': 'customer'}");
        assertThat(lookup.affiliateReferenceOf("sk_test_merchant", "cus_2")).isEmpty();
        assertThat(lookup.affiliateReferenceOf("sk_test_merchant", "cus_3")).isEmpty();
        assertThat(lookup.affiliateReferenceOf("sk_test_merchant", "cus_4")).isEmpty();
    }

    @Test
    void aDeletedCustomerHasNone() throws StripeException {
        customer("cus_5", 200, "{'id': 'cus_5', 'object': 'customer', 'deleted': true, 'metadata': {'affiliate_id': 'jane'}}");
        assertThat(lookup.affiliateReferenceOf("sk_test_merchant", "cus_5")).isEmpty();
    }

    @Test
    void aCustomerStripeDoesNotKnowHasNone() throws StripeException {
        customer("cus_6", 404, "{'error': {'type': 'invalid_request_error', 'code': 'resource_missing', 'message': 'No such customer'}}");
        assertThat(lookup.affiliateReferenceOf("sk_test_merchant", "cus_6")).isEmpty();
    }

    @Test
    void anyOtherRefusalIsPassedOn() {
        customer("cus_7", 400, "{'error': {'type': 'invalid_request_error', 'message': 'Bad request'}}");
        assertThatThrownBy(() -> lookup.affiliateReferenceOf("sk_test_merchant", "cus_7")).isInstanceOf(StripeException.class);
    }
}
