package org.affiliateledger.query.program;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.merchant.EventReward;
import org.affiliateledger.events.merchant.FraudRules;
import org.affiliateledger.events.merchant.PerformanceTier;
import org.affiliateledger.events.merchant.ProgramSettings;
import org.affiliateledger.events.merchant.ProgramSettings.SecretStatus;
import org.affiliateledger.query.support.TenantReads;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;

import java.util.List;
import java.util.Map;

@RestController
@Tag(name = "Program")
public class ProgramQueryController {
    private static final TypeReference<List<String>> RATES = new TypeReference<>() { };
    private static final TypeReference<Map<String, EventReward>> REWARDS = new TypeReference<>() { };
    private static final TypeReference<FraudRules> RULES = new TypeReference<>() { };
    private static final TypeReference<List<PerformanceTier>> TIERS = new TypeReference<>() { };
    private final TenantReads reads;

    public ProgramQueryController(TenantReads reads) {
        this.reads = reads;
    }

    @GetMapping("/api/v1/program")
    @Operation(operationId = "getProgram", summary = "Get the program settings")
    @ApiResponse(responseCode = "200", description = "The program settings")
    @ApiResponse(responseCode = "404", description = "Only while the read models lag more than the read wait (2 s) behind "
            + "the merchant's creation; retry")
    public ProgramSettings get(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller) {
        return reads.one(caller.merchantId(), caller.merchantId(), jdbc -> jdbc.sql("SELECT * FROM program WHERE merchant_id = ?")
                .param(caller.merchantId())
                .query((rs, n) -> new ProgramSettings(rs.getString("merchant_id"), rs.getString("name"),
                        rs.getString("default_rate"), rs.getString("currency"), rs.getInt("hold_days"),
                        SecretStatus.of(rs.getString("stripe_webhook_secret_last4")),
                        SecretStatus.of(rs.getString("stripe_api_key_last4")),
                        read(rs.getString("mlm_tier_rates"), RATES), read(rs.getString("event_rewards"), REWARDS),
                        rs.getString("landing_url"), rs.getInt("attribution_window_days"), rs.getLong("payout_minimum_cents"),
                        rs.getObject("tax_form_threshold_cents", Long.class),
                        rs.getString("fraud_rules") == null ? FraudRules.DEFAULTS : read(rs.getString("fraud_rules"), RULES),
                        read(rs.getString("performance_tiers"), TIERS), rs.getBoolean("currency_locked")))
                .optional())
                .orElseThrow(() -> new NotFoundException("program of merchant", caller.merchantId()));
    }

    private static <T> T read(String json, TypeReference<T> type) {
        return ProgramProjector.JSON.readValue(json, type);
    }
}
