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
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
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
import org.jspecify.annotations.Nullable;
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
import java.util.Map;

/**
 * {@code POST /api/v1/events}: a non-order conversion (a lead, a trial, a signup), recorded as a conversion of source
 * {@code event}. It earns the program's reward for its type ({@code event_rewards}: a flat amount plus a percent of the
 * event's amount), or nothing when the type has no reward — it is recorded and listed all the same.
 */
@RestController
@RequestMapping("/api/v1/events")
@Tag(name = "Events")
public class EventCommandController {
    private static final int ATTEMPTS = 3;
    private final CommandGateway commands;
    private final AffiliateReferences affiliates;

    public EventCommandController(CommandGateway commands, AffiliateReferences affiliates) {
        this.commands = commands;
        this.affiliates = affiliates;
    }

    @Schema(name = "RecordEventRequest")
    public record EventRequest(
            @Schema(description = "What happened; rewards are configured per type in the program's `event_rewards`. "
                    + "Case-insensitive: recorded in lower case", example = "trial_started")
            @JsonProperty("event_type") @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z][A-Za-z0-9_.:-]*",
                    message = "must start with a letter and use only letters, digits, '_', '.', ':' and '-'") String eventType,
            @Schema(description = "Your id for it; the same event_type and external_id again answers 409", example = "stripe_sub_abc")
            @JsonProperty("external_id") @Size(min = 1, max = 255) String externalId,
            @Schema(description = "The visitor's click session (`aff_sess` of the affiliate link, `ses_…`); attributes the "
                    + "event when affiliate_id is not given", example = "ses_01hx5v3k8m2n4p6q8r0s2t4v6w")
            @JsonProperty("cookie_id") @Size(max = 255) String cookieId,
            @Schema(description = "The affiliate to credit (id or short code), instead of cookie_id",
                    example = "aff_01hx5v3k8m2n4p6q8r0s2t4v6w")
            @JsonProperty("affiliate_id") @Size(max = 255) String affiliateId,
            @Schema(description = "The event's value in minor units (cents), 0 when it has none", minimum = "0",
                    defaultValue = "0", example = "0")
            @PositiveOrZero @Max(ConversionCommandController.MAX_AMOUNT_CENTS) Long amount,
            @Schema(description = "ISO-4217 code; the program currency when absent", example = "USD")
            @Size(min = 3, max = 3) String currency,
            @Schema(description = "The customer's email, screened by the self-referral rule and not stored",
                    example = "buyer@example.com")
            @JsonProperty("customer_email") @Email @Size(max = 254) String customerEmail,
            @Schema(description = "Any JSON object, kept with the event", example = "{\"plan\": \"growth\"}")
            Map<String, Object> payload) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "recordEvent", summary = "Record a conversion event",
            description = "For conversions that are not orders: leads, trials, signups. Attributed by `affiliate_id` or by "
                    + "the click session in `cookie_id`. The commission is the program's `event_rewards` entry for the "
                    + "type: `flat_amount_cents` (program currency) plus `rate` percent of `amount`; a type without a reward "
                    + "is recorded with no commission.")
    @ApiResponse(responseCode = "201", description = "Recorded",
            headers = @Header(name = "Location", description = "The event's conversion URL", required = true,
                    schema = @Schema(type = "string", format = "uri-reference")))
    @ApiResponse(responseCode = "404", description = "Affiliate not found (neither an id nor a short code of this program)")
    @ApiResponse(responseCode = "409",
            description = "Duplicate event_type and external_id (already recorded), or the affiliate is not active")
    @ApiResponse(responseCode = "422", description = "The click session is unknown or expired, or the event's currency "
            + "differs from the program currency while its reward has a flat amount")
    public ResponseEntity<RecordedConversion> record(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                                     @Valid @RequestBody EventRequest request) {
        if (request.affiliateId() == null && request.cookieId() == null) {
            throw new InvalidRequestException("give affiliate_id or cookie_id (the visitor's click session, aff_sess)").withCode("attribution_required");
        }
        String affiliateId = affiliates.resolve(caller.merchantId(), request.affiliateId());
        String conversionId = Ids.CONVERSION.next();
        String payload = request.payload() == null ? null : PAYLOAD.writeValueAsString(request.payload());
        RecordConversion command = new RecordConversion(conversionId, Ids.COMMISSION.next(), caller.merchantId(),
                affiliateId, ConversionSource.EVENT, request.externalId(), List.of(),
                request.amount() == null ? 0 : request.amount(),
                request.currency() == null ? null : Currencies.normalise(request.currency()), request.cookieId(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS), request.customerEmail(), request.eventType().toLowerCase(java.util.Locale.ROOT), payload);
        ConversionReceipt receipt = ConcurrentChanges.retrying(ATTEMPTS, () -> commands.sendAndWait(command));
        return ResponseEntity.created(URI.create("/api/v1/conversions/" + conversionId)).body(RecordedConversion.of(receipt));
    }

    private static final tools.jackson.databind.json.JsonMapper PAYLOAD = tools.jackson.databind.json.JsonMapper.builder().build();
}
