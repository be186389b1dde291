package org.affiliateledger.command.conversion;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.Currencies;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.conversion.ConversionReceipt;
import org.affiliateledger.events.conversion.ConversionSource;
import org.affiliateledger.events.conversion.RecordConversion;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** {@code POST /api/v1/conversions}: a manual conversion, exactly as the affilut contract documents it. */
@RestController
@RequestMapping("/api/v1/conversions")
public class ConversionCommandController {
    /** Ten billion in minor units: far above any single sale, far below overflow in commission arithmetic. */
    static final long MAX_AMOUNT_CENTS = 1_000_000_000_000L;

    private final CommandGateway commands;

    public ConversionCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    public record RecordRequest(
            @JsonProperty("affiliate_id") @NotBlank String affiliateId,
            @JsonProperty("amount_cents") @NotNull @Positive @Max(MAX_AMOUNT_CENTS) Long amountCents,
            @JsonProperty("external_id") @Size(min = 1, max = 255) String externalId,
            @Size(min = 3, max = 3) String currency) {
    }

    public record Recorded(String id, long commissionCents) {
    }

    @PostMapping
    public ResponseEntity<Recorded> record(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                           @Valid @RequestBody RecordRequest request) {
        if (!Ids.AFFILIATE.matches(request.affiliateId())) {
            throw new NotFoundException("affiliate", request.affiliateId());
        }
        String conversionId = Ids.CONVERSION.next();
        ConversionReceipt receipt = commands.sendAndWait(RecordConversion.of(conversionId, Ids.COMMISSION.next(),
                caller.merchantId(), request.affiliateId(), ConversionSource.MANUAL, request.externalId(),
                request.amountCents(), Currencies.normalise(request.currency()),
                Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        return ResponseEntity.created(URI.create("/api/v1/conversions/" + conversionId))
                .body(new Recorded(receipt.conversionId(), receipt.commissionCents()));
    }
}
