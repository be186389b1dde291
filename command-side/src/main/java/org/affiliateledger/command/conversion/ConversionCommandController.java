package org.affiliateledger.command.conversion;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.affiliateledger.command.affiliate.AffiliateReferences;
import org.affiliateledger.command.support.ConcurrentChanges;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.Currencies;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.conversion.ConversionReceipt;
import org.affiliateledger.events.conversion.ConversionSource;
import org.affiliateledger.events.conversion.RecordConversion;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** {@code POST /api/v1/conversions}: a manual conversion, exactly as the affilut contract documents it. */
@RestController
@RequestMapping("/api/v1/conversions")
@Tag(name = "Conversions")
public class ConversionCommandController {
    /** Ten billion in minor units: far above any single sale, far below overflow in commission arithmetic. */
    static final long MAX_AMOUNT_CENTS = 1_000_000_000_000L;

    private static final int ATTEMPTS = 3;
    private final CommandGateway commands;
    private final AffiliateReferences affiliates;

    public ConversionCommandController(CommandGateway commands, AffiliateReferences affiliates) {
        this.commands = commands;
        this.affiliates = affiliates;
    }

    @Schema(name = "RecordConversionRequest")
    public record RecordRequest(
            @Schema(description = "The affiliate to credit, by id or short code; must be active. May be left out when "
                    + "affiliate_session_id is given", example = "aff_01hx5v3k8m2n4p6q8r0s2t4v6w")
            @JsonProperty("affiliate_id") @Size(min = 1, max = 255) String affiliateId,
            @Schema(description = "Sale amount in minor units (cents)", minimum = "1", example = "4900")
            @JsonProperty("amount_cents") @NotNull @Positive @Max(MAX_AMOUNT_CENTS) Long amountCents,
            @Schema(description = "Your order or invoice id; the same external_id again answers 409", example = "inv_2026_00142")
            @JsonProperty("external_id") @Size(min = 1, max = 255) String externalId,
            @Schema(description = "ISO-4217 code; the program currency when absent", example = "EUR")
            @Size(min = 3, max = 3) String currency,
            @Schema(description = "The visitor's click session (`aff_sess` of the affiliate link); attributes the sale when "
                    + "affiliate_id is not given, within the program's attribution window", example = "ses_01hx5v3k8m2n4p6q8r0s2t4v6w")
            @JsonProperty("affiliate_session_id") @Size(min = 1, max = 255) String affiliateSessionId,
            @Schema(description = "The customer's email, screened by the self-referral rule and not stored",
                    example = "buyer@example.com")
            @JsonProperty("customer_email") @Email @Size(max = 254) String customerEmail) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "recordConversion", summary = "Record a manual conversion",
            description = "For revenue outside Stripe (wire transfers, PayPal, offline sales). The commission is computed "
                    + "at once from the affiliate's override or else the program's default rate. The answer carries the "
                    + "conversion as `GET /api/v1/conversions/{id}` shows it and the ids of the commissions it created.")
    @ApiResponse(responseCode = "201", description = "Recorded",
            headers = @Header(name = "Location", description = "The new conversion's URL", required = true,
                    schema = @Schema(type = "string", format = "uri-reference")))
    @ApiResponse(responseCode = "404", description = "Affiliate not found (neither an id nor a short code of this program)")
    @ApiResponse(responseCode = "409",
            description = "Duplicate external_id (conversion already recorded), or the affiliate is not active")
    @ApiResponse(responseCode = "422", description = "affiliate_session_id is unknown or expired and no affiliate_id was given")
    public ResponseEntity<RecordedConversion> record(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                                     @Valid @RequestBody RecordRequest request) {
        if (request.affiliateId() == null && request.affiliateSessionId() == null) {
            throw new InvalidRequestException("affiliate_id is required (or affiliate_session_id, the visitor's click session)").withCode("attribution_required");
        }
        String affiliateId = affiliates.resolve(caller.merchantId(), request.affiliateId());
        String currency = request.currency() == null ? null : Currencies.normalise(request.currency());
        String conversionId = Ids.CONVERSION.next();
        String commissionId = Ids.COMMISSION.next();
        Instant recordedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // the first conversion in the program currency also fixes the currency on the merchant: a concurrent first one retries
        ConversionReceipt receipt = ConcurrentChanges.retrying(ATTEMPTS, () -> commands.sendAndWait(new RecordConversion(
                conversionId, commissionId, caller.merchantId(), affiliateId, ConversionSource.MANUAL, request.externalId(),
                List.of(), request.amountCents(), currency, request.affiliateSessionId(), recordedAt, request.customerEmail(),
                null, null)));
        return ResponseEntity.created(URI.create("/api/v1/conversions/" + conversionId)).body(RecordedConversion.of(receipt));
    }
}
