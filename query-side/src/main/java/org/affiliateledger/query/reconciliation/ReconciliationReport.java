package org.affiliateledger.query.reconciliation;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * The reconciliation as the API answers it. Nothing in it depends on when it was asked: the same position, period and
 * currency give the same bytes.
 */
@Schema(name = "Reconciliation")
public record ReconciliationReport(
        @Schema(description = "The global event position the report is cut at: every event up to it and none after. "
                + "Send it back as `at_position` to get this very report again") long atPosition,
        @Schema(format = "date-time", description = "Start of the period (effective time, inclusive); null: from the beginning")
        @Nullable String from,
        @Schema(format = "date-time", description = "End of the period (effective time, inclusive); null: up to the cut")
        @Nullable String to,
        @Schema(description = "The currency asked for; null: every currency, each on its own (never added together)")
        @Nullable String currency,
        @Schema(description = "True when no break was found") boolean balanced,
        @Schema(description = "How many breaks are listed") int breakCount,
        @Schema(description = "Per currency: the total and one line per affiliate") List<CurrencySection> currencies,
        @Schema(description = "Every place where the sides disagree, by the first event behind it") List<Break> breaks,
        @Schema(description = "Stripe refunds and disputes of charges the ledger never attributed (not breaks)")
        List<UnmatchedActivity> unmatchedStripeActivity) {

    @Schema(name = "ReconciliationCurrency")
    public record CurrencySection(String currency,
                                  @Schema(description = "The sum of the affiliate lines") Sides total,
                                  @Schema(description = "Affiliates with activity in the period, a balance at the cut, or a break")
                                  List<AffiliateLine> affiliates) {
    }

    @Schema(name = "ReconciliationAffiliate")
    public record AffiliateLine(String affiliateId, Revenue revenue, Commissions commissions, Payouts payouts,
                                Balance balance, @Schema(description = "Breaks of this affiliate in this currency") int breaks) {
        Sides sides() {
            return new Sides(revenue, commissions, payouts, balance, breaks);
        }
    }

    @Schema(name = "ReconciliationSides")
    public record Sides(Revenue revenue, Commissions commissions, Payouts payouts, Balance balance, int breaks) {
    }

    /** Side 1, the period: revenue as Stripe and the merchant reported it. */
    @Schema(name = "ReconciliationRevenue", description = "Revenue reported in the period (effective time): Stripe charges "
            + "attributed, manual and event conversions, refunds, disputes; `…Cents` in minor units, the rest counts")
    public record Revenue(long stripeChargesCents, long stripeCharges, long manualConversionsCents, long manualConversions,
                          long eventConversionsCents, long eventConversions, long refundsCents, long refunds,
                          long disputesOpenedCents, long disputesOpened, long disputesWonCents, long disputesWon,
                          long disputesLostCents, long disputesLost) {
    }

    /** Side 2, the period: what the ledger derived. */
    @Schema(name = "ReconciliationCommissions", description = "Commissions derived in the period: earned (with the rates "
            + "recorded on them), reduced by partial refunds, voided or rejected, clawed back after payment")
    public record Commissions(long earnedCents, long earned, long reducedCents, long voidedCents, long clawedBackCents,
                              @Schema(description = "Earned commissions grouped by the rate recorded on each") List<RateLine> byRate) {
    }

    @Schema(name = "ReconciliationRate")
    public record RateLine(@Schema(description = "The recorded rate, percent") String rate,
                           @Schema(description = "Commissions at it") long count,
                           @Schema(description = "Their base amounts (the sales)") long baseCents,
                           @Schema(description = "Their amounts") long earnedCents) {
    }

    /** Side 3, the period: what was paid. */
    @Schema(name = "ReconciliationPayouts", description = "Payouts in the period by what happened to them, the commissions "
            + "inside the paid ones, and commission payments (through payouts, or marked paid by hand)")
    public record Payouts(long createdCents, long created, long sentCents, long sent, long paidCents, long paid,
                          long failedCents, long failed, long commissionsInPaidPayouts, long paidThroughPayoutsCents,
                          long paidWithoutPayoutCents) {
    }

    /** The balance identity at the cut (all of the history up to it, not only the period). */
    @Schema(name = "ReconciliationBalance", description = "At the cut: earned − reduced − voided − clawed back − paid "
            + "= pending + held + approved + in payout (`holds`)")
    public record Balance(long earnedCents, long reducedCents, long voidedCents, long clawedBackCents, long paidCents,
                          long pendingCents, long heldCents, long approvedCents, long inPayoutCents, boolean holds) {
    }

    @Schema(name = "ReconciliationUnmatchedStripeActivity")
    public record UnmatchedActivity(@Schema(description = "Where it is in the event log") long position,
                                    String eventId,
                                    @Schema(format = "date-time", description = "When it happened at Stripe") String effectiveAt,
                                    @Schema(description = "The Stripe event that told the ledger (`evt_…`)") @Nullable String stripeEventId,
                                    @Schema(allowableValues = {"refund", "dispute_opened", "dispute_won", "dispute_lost"})
                                    String activity,
                                    @Schema(description = "The charge no conversion has (`ch_…`)") @Nullable String chargeId,
                                    @Schema(description = "The refund (`re_…`) or dispute (`dp_…`)") @Nullable String objectId,
                                    @Schema(description = "Refunded so far on the charge, or the disputed amount") long amountCents,
                                    @Nullable String currency) {
    }
}
