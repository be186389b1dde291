package org.affiliateledger.query.program;

import org.affiliateledger.events.merchant.AttributionSettingsChanged;
import org.affiliateledger.events.merchant.DefaultRateChanged;
import org.affiliateledger.events.merchant.EventRewardsChanged;
import org.affiliateledger.events.merchant.FraudRulesChanged;
import org.affiliateledger.events.merchant.MlmTierRatesChanged;
import org.affiliateledger.events.merchant.PayoutRulesChanged;
import org.affiliateledger.events.merchant.PerformanceTiersChanged;
import org.affiliateledger.events.merchant.ProgramCurrencyChanged;
import org.affiliateledger.events.merchant.ProgramCurrencyLocked;
import org.affiliateledger.events.merchant.HoldDaysChanged;
import org.affiliateledger.events.merchant.StripeApiKeySet;
import org.affiliateledger.events.merchant.StripeWebhookSecretSet;
import org.affiliateledger.events.merchant.MerchantCreated;
import org.affiliateledger.query.support.ProjectionWriter;
import org.affiliateledger.query.support.SqlTime;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;

/** The {@code program} table: one row of settings per merchant. */
@Component
@ProcessingGroup(ProgramProjector.GROUP)
public class ProgramProjector {
    public static final String GROUP = "program";
    static final JsonMapper JSON = JsonMapper.builder().build();
    private final ProjectionWriter rows;
    private final JdbcClient jdbc;

    public ProgramProjector(ProjectionWriter rows, JdbcClient jdbc) {
        this.rows = rows;
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(MerchantCreated event, @Timestamp Instant at) {
        rows.write("""
                        INSERT INTO program (merchant_id, name, default_rate, currency, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (merchant_id) DO NOTHING""",
                event.merchantId(), event.name(), event.defaultRate(), event.currency(), SqlTime.of(at), SqlTime.of(at));
    }

    @EventHandler
    void on(ProgramCurrencyChanged event, @Timestamp Instant at) {
        rows.write("UPDATE program SET currency = ?, updated_at = ? WHERE merchant_id = ?",
                event.currency(), SqlTime.of(at), event.merchantId());
    }

    @EventHandler
    void on(ProgramCurrencyLocked event, @Timestamp Instant at) {
        rows.write("UPDATE program SET currency_locked = true, updated_at = ? WHERE merchant_id = ?",
                SqlTime.of(at), event.merchantId());
    }

    @EventHandler
    void on(DefaultRateChanged event, @Timestamp Instant at) {
        rows.write("UPDATE program SET default_rate = ?, updated_at = ? WHERE merchant_id = ?",
                event.defaultRate(), SqlTime.of(at), event.merchantId());
    }

    @EventHandler
    void on(HoldDaysChanged event, @Timestamp Instant at) {
        rows.write("UPDATE program SET hold_days = ?, updated_at = ? WHERE merchant_id = ?",
                event.holdDays(), SqlTime.of(at), event.merchantId());
    }

    @EventHandler
    void on(StripeWebhookSecretSet event, @Timestamp Instant at) {
        rows.write("UPDATE program SET stripe_webhook_secret_last4 = ?, updated_at = ? WHERE merchant_id = ?",
                event.last4(), SqlTime.of(at), event.merchantId());
    }

    @EventHandler
    void on(StripeApiKeySet event, @Timestamp Instant at) {
        rows.write("UPDATE program SET stripe_api_key_last4 = ?, updated_at = ? WHERE merchant_id = ?",
                event.last4(), SqlTime.of(at), event.merchantId());
    }

    @EventHandler
    void on(MlmTierRatesChanged event, @Timestamp Instant at) {
        json("mlm_tier_rates", event.mlmTierRates(), event.merchantId(), at);
    }

    @EventHandler
    void on(EventRewardsChanged event, @Timestamp Instant at) {
        json("event_rewards", event.eventRewards(), event.merchantId(), at);
    }

    @EventHandler
    void on(FraudRulesChanged event, @Timestamp Instant at) {
        json("fraud_rules", event.fraudRules(), event.merchantId(), at);
    }

    @EventHandler
    void on(PerformanceTiersChanged event, @Timestamp Instant at) {
        json("performance_tiers", event.performanceTiers(), event.merchantId(), at);
    }

    @EventHandler
    void on(AttributionSettingsChanged event, @Timestamp Instant at) {
        rows.write("UPDATE program SET landing_url = ?, attribution_window_days = ?, updated_at = ? WHERE merchant_id = ?",
                event.landingUrl(), event.attributionWindowDays(), SqlTime.of(at), event.merchantId());
    }

    @EventHandler
    void on(PayoutRulesChanged event, @Timestamp Instant at) {
        rows.write("UPDATE program SET payout_minimum_cents = ?, tax_form_threshold_cents = ?, updated_at = ? WHERE merchant_id = ?",
                event.payoutMinimumCents(), event.taxFormThresholdCents(), SqlTime.of(at), event.merchantId());
    }

    private void json(String column, Object value, String merchantId, Instant at) {
        rows.write("UPDATE program SET " + column + " = CAST(? AS jsonb), updated_at = ? WHERE merchant_id = ?",
                JSON.writeValueAsString(value), SqlTime.of(at), merchantId);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE program").update(); // instant and leaves no dead rows, unlike DELETE
    }
}
