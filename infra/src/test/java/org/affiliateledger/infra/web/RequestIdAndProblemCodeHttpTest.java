package org.affiliateledger.infra.web;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdAndProblemCodeHttpTest extends LedgerIntegrationTest {

    @Test
    void echoesASaneRequestIdTheCallerSent() {
        String key = onboardMerchant("Echo");
        // the program is a projection: read it once it is there
        Api.Response response = eventually(() -> api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/program"))
                .header("X-Request-Id", "client-req.42:a"), key), r -> r.status() == 200);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Request-Id")).isEqualTo("client-req.42:a");
    }

    @Test
    void generatesARequestIdWhenNoneOrAnUnsafeOneIsSent() {
        String key = onboardMerchant("Generated");
        Api.Response none = api.get("/api/v1/program", key);
        assertThat(none.header("X-Request-Id")).matches("req_[0-9a-z]{26}");
        Api.Response unsafe = api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/program"))
                .header("X-Request-Id", "two words\" and a quote"), key);
        assertThat(unsafe.header("X-Request-Id")).matches("req_[0-9a-z]{26}");
    }

    @Test
    void refusalsFromFiltersAndFromTheApiCarryAStableCodeAndTheRequestId() {
        Api.Response unauthenticated = api.get("/api/v1/affiliates", null);
        assertThat(unauthenticated.status()).isEqualTo(401);
        assertThat(unauthenticated.text("code")).isEqualTo("unauthorized");
        assertThat(unauthenticated.header("X-Request-Id")).startsWith("req_");

        Api.Response missing = api.get("/api/v1/affiliates/aff_01jzzzzzzzzzzzzzzzzzzzzzzz", onboardMerchant("Codes"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.text("code")).isEqualTo("not_found");
    }
}
