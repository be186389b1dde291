package org.affiliateledger.command.affiliate;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.affiliateledger.events.affiliate.AffiliateStatus;
import org.affiliateledger.events.affiliate.ApproveAffiliate;
import org.affiliateledger.events.affiliate.BanAffiliate;
import org.affiliateledger.events.affiliate.ChangeCommissionOverride;
import org.affiliateledger.events.affiliate.PauseAffiliate;
import org.affiliateledger.events.affiliate.RegisterAffiliate;
import org.affiliateledger.events.affiliate.ReinstateAffiliate;
import org.affiliateledger.events.affiliate.ResumeAffiliate;
import org.affiliateledger.events.affiliate.SuspendAffiliate;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.Timestamps;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.BiFunction;

@RestController
@RequestMapping("/api/v1/affiliates")
public class AffiliateCommandController {
    private final CommandGateway commands;

    public AffiliateCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    public record RegisterRequest(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Email @Size(max = 254) String email,
            @JsonProperty("short_code") @Pattern(regexp = "[a-z0-9][a-z0-9-]{2,63}",
                    message = "must be 3–64 lowercase letters, digits or dashes, starting with a letter or digit") String shortCode,
            @JsonProperty("commission_override") String commissionOverride,
            @Pattern(regexp = "pending|active", message = "must be pending or active") String status) {
    }

    /** The affiliate as registered; the same fields {@code GET /api/v1/affiliates/{id}} answers with. */
    public record RegisteredAffiliate(String id, String name, String email, String shortCode, String status,
                                      String commissionOverride, String createdAt, String activatedAt) {
    }

    public record Transition(String id, String status) {
    }

    public record ReasonRequest(@Size(max = 500) String reason) {
    }

    public record OverrideRequest(@JsonProperty("commission_override") String commissionOverride) {
    }

    @PostMapping
    public ResponseEntity<RegisteredAffiliate> register(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                                        @Valid @RequestBody RegisterRequest request) {
        String id = Ids.AFFILIATE.next();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        CommissionRate override = request.commissionOverride() == null ? null : CommissionRate.of(request.commissionOverride());
        String shortCode = request.shortCode() != null ? request.shortCode() : ShortCodes.from(request.name());
        boolean activate = "active".equals(request.status());
        commands.sendAndWait(new RegisterAffiliate(id, caller.merchantId(), request.name().strip(), request.email().strip(),
                shortCode, override, activate, now));
        var body = new RegisteredAffiliate(id, request.name().strip(), request.email().strip(), shortCode,
                activate ? "active" : "pending", override == null ? null : override.percent(), Timestamps.format(now),
                activate ? Timestamps.format(now) : null);
        return ResponseEntity.created(URI.create("/api/v1/affiliates/" + id)).body(body);
    }

    @PatchMapping("/{id}")
    public Transition changeOverride(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id,
                                     @Valid @RequestBody OverrideRequest request) {
        CommissionRate override = request.commissionOverride() == null ? null : CommissionRate.of(request.commissionOverride());
        return transition(caller, id, (affiliate, merchant) -> new ChangeCommissionOverride(affiliate, merchant, override));
    }

    @PostMapping("/{id}/approve")
    public Transition approve(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id) {
        return transition(caller, id, ApproveAffiliate::new);
    }

    @PostMapping("/{id}/pause")
    public Transition pause(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id) {
        return transition(caller, id, PauseAffiliate::new);
    }

    @PostMapping("/{id}/resume")
    public Transition resume(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id) {
        return transition(caller, id, ResumeAffiliate::new);
    }

    @PostMapping("/{id}/suspend")
    public Transition suspend(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id,
                              @Valid @RequestBody(required = false) ReasonRequest request) {
        return transition(caller, id, (affiliate, merchant) -> new SuspendAffiliate(affiliate, merchant, reason(request)));
    }

    @PostMapping("/{id}/reinstate")
    public Transition reinstate(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id) {
        return transition(caller, id, ReinstateAffiliate::new);
    }

    @PostMapping("/{id}/ban")
    public Transition ban(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id,
                          @Valid @RequestBody(required = false) ReasonRequest request) {
        return transition(caller, id, (affiliate, merchant) -> new BanAffiliate(affiliate, merchant, reason(request)));
    }

    private Transition transition(ApiCaller caller, String id, BiFunction<String, String, Object> command) {
        if (!Ids.AFFILIATE.matches(id)) {
            throw new NotFoundException("affiliate", id);
        }
        AffiliateStatus status = commands.sendAndWait(command.apply(id, caller.merchantId()));
        return new Transition(id, status.wireName());
    }

    private static String reason(ReasonRequest request) {
        return request == null ? null : request.reason();
    }
}
