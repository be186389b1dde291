package org.affiliateledger.command.link;

import io.swagger.v3.oas.annotations.Operation;
import org.affiliateledger.command.support.CommandSettings;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.NotFoundException;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Affiliate links. {@code /r/{merchant_id}/{short_code}} always works (short codes are unique per merchant);
 * {@code /r/{short_code}} is the short form and works while no other program uses the same code. A GET of an active
 * affiliate's code records a click under a new session and redirects with {@code ref} and {@code aff_sess}; an
 * unknown or inactive code (or a HEAD, as link previews send) redirects to the landing page without them.
 */
@RestController
@Tag(name = "Links")
public class RedirectController {
    private static final String CODE = "The affiliate's short code (case-insensitive)";
    private static final String FOUND = "To the program's landing URL, with `ref` and `aff_sess` added to its query when "
            + "the code is an active affiliate's (a new click session), without them otherwise";
    private static final String NO_LANDING = "Unknown program, or the program has no `landing_url` yet";

    private final AffiliateLinks links;
    private final ClickSessions sessions;
    /** The program the short form falls back to (a one-program installation); blank: none. */
    private volatile String defaultMerchant; // not final: a test switches it on the shared context

    public RedirectController(AffiliateLinks links, ClickSessions sessions,
                              CommandSettings settings) {
        this.links = links;
        this.sessions = sessions;
        this.defaultMerchant = settings.links().defaultMerchantOrBlank();
    }

    @GetMapping("/r/{merchant_id}/{short_code}")
    @Operation(operationId = "followMerchantAffiliateLink", summary = "Follow an affiliate link",
            description = "Public, no key. Records a click (a new `ses_…` session that attributes later conversions within "
                    + "the program's `attribution_window_days`) and redirects to the landing URL.")
    @ApiResponse(responseCode = "302", description = FOUND, headers = @Header(name = "Location", required = true,
            description = "The landing URL", schema = @Schema(type = "string", format = "uri")))
    @ApiResponse(responseCode = "404", description = NO_LANDING)
    public ResponseEntity<Void> follow(@Parameter(description = "The merchant's id (`mer_…`)") @PathVariable("merchant_id") String merchantId,
                                       @Parameter(description = CODE) @PathVariable("short_code") String shortCode,
                                       HttpServletRequest request) {
        if (!Ids.MERCHANT.matches(merchantId)) {
            throw noLanding(merchantId);
        }
        AffiliateLinks.Target target = links.resolve(merchantId, shortCode).orElseThrow(() -> noLanding(merchantId));
        return redirect(target, request);
    }

    @GetMapping("/r/{short_code}")
    @Operation(operationId = "followAffiliateLink", summary = "Follow an affiliate link (short form)",
            description = "Public, no key. As `/r/{merchant_id}/{short_code}`, for a code that only one program uses; "
                    + "an unknown code, or one several programs use, is a 404 (use the long form), unless the installation "
                    + "names its program in LEDGER_LINKS_DEFAULT_MERCHANT: then codes resolve in that program first and "
                    + "unknown ones redirect to its landing URL without attribution.")
    @ApiResponse(responseCode = "302", description = FOUND, headers = @Header(name = "Location", required = true,
            description = "The landing URL", schema = @Schema(type = "string", format = "uri")))
    @ApiResponse(responseCode = "404", description = "Unknown code, a code several programs use, or " + NO_LANDING)
    public ResponseEntity<Void> followShort(@Parameter(description = CODE) @PathVariable("short_code") String shortCode,
                                            HttpServletRequest request) {
        List<String> merchants = links.merchantsUsing(shortCode);
        if (!defaultMerchant.isEmpty() && (merchants.isEmpty() || merchants.contains(defaultMerchant))) {
            // the installation's own program: its unknown codes redirect without attribution, like the long form's
            return redirect(links.resolve(defaultMerchant, shortCode).orElseThrow(() -> noLanding(defaultMerchant)), request);
        }
        if (merchants.isEmpty()) {
            throw new NotFoundException("no program uses the short code \"" + abbreviate(shortCode) + "\"");
        }
        if (merchants.size() > 1) {
            throw new NotFoundException("several programs use the short code \"" + abbreviate(shortCode)
                    + "\": use the link with the program's id, /r/{merchant_id}/{short_code}");
        }
        AffiliateLinks.Target target = links.resolve(merchants.get(0), shortCode)
                .orElseThrow(() -> noLanding(merchants.get(0)));
        return redirect(target, request);
    }

    private ResponseEntity<Void> redirect(AffiliateLinks.Target target, HttpServletRequest request) {
        if (target.landingUrl() == null) {
            throw noLanding(target.merchantId());
        }
        String location = target.landingUrl();
        if (target.attributed() && "GET".equals(request.getMethod())) {
            String session = sessions.record(target, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                    request.getHeader(HttpHeaders.REFERER), request.getHeader(HttpHeaders.USER_AGENT));
            location = withAttribution(location, target.shortCode(), session);
        }
        return ResponseEntity.status(HttpStatus.FOUND)
                .header(HttpHeaders.LOCATION, location)
                .cacheControl(CacheControl.noStore()) // every visit is a click: no browser may replay the redirect
                .build();
    }

    /** Adds {@code ref} and {@code aff_sess} to the landing URL's query, keeping its own parameters and fragment. */
    static String withAttribution(String landingUrl, String shortCode, String sessionId) {
        int hash = landingUrl.indexOf('#');
        String base = hash < 0 ? landingUrl : landingUrl.substring(0, hash);
        String fragment = hash < 0 ? "" : landingUrl.substring(hash);
        String separator = !base.contains("?") ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&";
        return base + separator + "ref=" + URLEncoder.encode(shortCode, StandardCharsets.UTF_8)
                + "&aff_sess=" + URLEncoder.encode(sessionId, StandardCharsets.UTF_8) + fragment;
    }

    private static NotFoundException noLanding(String merchantId) {
        return new NotFoundException("program " + abbreviate(merchantId) + " has no landing URL for its affiliate links "
                + "(or does not exist): set landing_url with PATCH /api/v1/program");
    }

    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }
}
