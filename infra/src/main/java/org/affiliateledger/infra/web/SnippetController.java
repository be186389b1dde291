package org.affiliateledger.infra.web;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/** {@code GET /snippet.js}: the public checkout snippet that keeps {@code ref} and {@code aff_sess} for the checkout. */
@RestController
@Tag(name = "Checkout snippet")
public class SnippetController {
    private static final MediaType JAVASCRIPT_UTF8 = MediaType.parseMediaType("application/javascript;charset=UTF-8");
    private final String script;
    private final String etag;

    public SnippetController() throws IOException, NoSuchAlgorithmException {
        try (InputStream in = new ClassPathResource("ledger/snippet.js").getInputStream()) {
            byte[] bytes = in.readAllBytes();
            this.script = new String(bytes, StandardCharsets.UTF_8);
            this.etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8) + "\"";
        }
    }

    @GetMapping(value = "/snippet.js", produces = "application/javascript")
    @Operation(operationId = "getCheckoutSnippet", summary = "The checkout snippet",
            description = "Public JavaScript that keeps `ref` and `aff_sess` from the landing URL for the Stripe checkout.")
    public ResponseEntity<String> snippet() {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic())
                .eTag(etag)
                .contentType(JAVASCRIPT_UTF8)
                .body(script);
    }
}
