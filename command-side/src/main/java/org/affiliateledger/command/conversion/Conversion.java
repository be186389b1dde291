package org.affiliateledger.command.conversion;

import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.UnprocessableException;
import org.affiliateledger.events.conversion.CloseConversionDispute;
import org.affiliateledger.events.conversion.ConversionDisputeClosed;
import org.affiliateledger.events.conversion.ConversionDisputed;
import org.affiliateledger.events.conversion.ConversionRecorded;
import org.affiliateledger.events.conversion.ConversionRefunded;
import org.affiliateledger.events.conversion.ConversionSource;
import org.affiliateledger.events.conversion.DisputeConversion;
import org.affiliateledger.events.conversion.FraudEvidence;
import org.affiliateledger.events.conversion.FraudFlagged;
import org.affiliateledger.events.conversion.FraudObservations;
import org.affiliateledger.events.conversion.RecordAttributedConversion;
import org.affiliateledger.events.conversion.RecordConversion;
import org.affiliateledger.events.conversion.RefundConversion;
import org.affiliateledger.events.conversion.ScreenConversion;
import org.affiliateledger.events.merchant.EventReward;
import org.affiliateledger.events.merchant.FraudRules;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A sale (or other conversion) attributed to an affiliate, and what happened to its money afterwards: refunds
 * (cumulative, so a redelivered notice changes nothing) and disputes (each by its id, opened once, closed once).
 * It decides the referrer's commission from the inputs the recording coordinator loads ({@link ConversionRecording})
 * and the fraud flags from the counts observed for its rules, keeping those counts in each flag's evidence.
 */
@Aggregate(repository = "conversionRepository")
public class Conversion {
    @AggregateIdentifier
    private String conversionId;
    private String merchantId;
    private String affiliateId;
    private long amountCents;
    private String sessionId;
    /** As recorded: what its rules decided (commission, rate, flat reward), for the coordinator that creates the commissions. */
    private ConversionRecorded recorded;
    private long refundedCents;
    private long lostInDisputesCents;
    private final List<String> commissionIds = new ArrayList<>();
    private final Set<String> openDisputes = new HashSet<>();
    private final Set<String> closedDisputes = new HashSet<>();

    protected Conversion() {
    }

    /**
     * A new conversion and the commission it earns its referrer: a sale earns the referrer's rate on its amount; an
     * event earns its type's reward (a flat part in the program currency plus a rate), and one whose type earns
     * nothing is recorded without a commission.
     */
    @CommandHandler
    Conversion(RecordAttributedConversion command) {
        RecordConversion request = command.request();
        onlyPositiveAmountsConvert(request);
        String currency = request.currency() == null ? command.programCurrency() : request.currency();
        String ratePercent;
        Long flatRewardCents = null;
        long commissionCents;
        if (request.source() == ConversionSource.EVENT) {
            EventReward reward = command.eventReward();
            CommissionRate rate = reward == null || reward.rate() == null ? CommissionRate.of("0") : CommissionRate.of(reward.rate());
            flatRewardIsInTheProgramCurrency(request.eventType(), reward, currency, command.programCurrency());
            commissionCents = reward == null ? 0 : reward.flatAmountCents() + rate.commissionOn(request.amountCents());
            // truthful: an event's commission is its reward's flat part plus its rate (null when the reward has none)
            ratePercent = reward == null || reward.rate() == null ? null : rate.percent();
            flatRewardCents = reward == null ? 0L : reward.flatAmountCents();
        } else {
            commissionCents = command.referrerRate().commissionOn(request.amountCents());
            ratePercent = command.referrerRate().percent();
        }
        // an event whose type earns nothing is recorded without a commission
        String commissionId = commissionCents == 0 && request.source() == ConversionSource.EVENT ? null : request.commissionId();
        apply(new ConversionRecorded(request.conversionId(), request.merchantId(), request.affiliateId(), request.source(),
                request.externalId(), request.amountCents(), currency, commissionId, ratePercent, commissionCents,
                request.affiliateSessionId(), request.recordedAt(), request.eventType(), request.payload(),
                command.ancestorCommissionIds(), flatRewardCents));
    }

    /** Sales have an amount; an event (a lead, a trial) may be worth nothing in itself. */
    private static void onlyPositiveAmountsConvert(RecordConversion command) {
        if (command.source() == ConversionSource.EVENT ? command.amountCents() < 0 : command.amountCents() <= 0) {
            throw new InvalidRequestException((command.source() == ConversionSource.EVENT
                    ? "amount must be an integer ≥ 0 (minor units), got " : "amount_cents must be a positive integer, got ")
                    + command.amountCents());
        }
    }

    /** A flat reward is in the program currency and a sum never mixes two currencies. */
    private static void flatRewardIsInTheProgramCurrency(String eventType, EventReward reward, String currency,
                                                         String programCurrency) {
        if (reward != null && reward.flatAmountCents() > 0 && !programCurrency.equals(currency)) {
            throw new UnprocessableException("event type \"" + eventType + "\" earns a flat reward of "
                    + reward.flatAmountCents() + " in " + programCurrency + ", the program currency, but this event is in "
                    + currency + ": record it in " + programCurrency + " or make its reward a rate only (event_rewards)")
                    .withCode("event_currency_mismatch");
        }
    }

    /**
     * The credited affiliate: the one named, else the one whose click session the conversion carries
     * ({@code sessionsAffiliate}, empty when the session is unknown, another merchant's or expired).
     */
    public static String creditedAffiliate(RecordConversion request, Optional<String> sessionsAffiliate) {
        if (request.affiliateId() != null) {
            return request.affiliateId();
        }
        if (request.affiliateSessionId() == null) {
            throw new InvalidRequestException("give affiliate_id, or the click session (affiliate_session_id / cookie_id) "
                    + "of the visitor who converted").withCode("attribution_required");
        }
        return sessionsAffiliate.orElseThrow(() -> new UnprocessableException("click session \""
                + request.affiliateSessionId() + "\" is unknown or expired (a session attributes conversions for the "
                + "program's attribution_window_days after its click); give affiliate_id instead")
                .withCode("click_session_expired"));
    }

    /**
     * Each fraud rule that fires on the counts observed records a {@link FraudFlagged} with its evidence; the caller
     * holds the commissions it names. Screened once, right after recording.
     */
    @CommandHandler
    List<FraudFlagged> handle(ScreenConversion command) {
        belongsTo(command.merchantId());
        List<FraudFlagged> flags = new ArrayList<>();
        FraudRules rules = command.rules();
        FraudObservations seen = command.observed();
        if (rules.selfReferral() != null && rules.selfReferral().enabled()) {
            selfReferral(seen.customerEmailOwner()).ifPresent(flags::add);
        }
        if (rules.refundRate() != null && rules.refundRate().enabled() && seen.affiliateConversions() != null) {
            refundRateAbove(seen.affiliateConversions(), seen.affiliateRefunded() == null ? 0 : seen.affiliateRefunded(),
                    rules.refundRate()).ifPresent(flags::add);
        }
        if (rules.velocity() != null && rules.velocity().enabled() && sessionId != null && seen.sessionConversions() != null) {
            velocityAbove(seen.sessionConversions(), rules.velocity()).ifPresent(flags::add);
        }
        flags.forEach(AggregateLifecycle::apply);
        return flags;
    }

    /** Self-referral: the customer's email is the credited affiliate's own. */
    Optional<FraudFlagged> selfReferral(String customerEmailOwner) {
        if (customerEmailOwner == null || !customerEmailOwner.equals(affiliateId)) {
            return Optional.empty();
        }
        return Optional.of(flag(FraudScreen.SELF_REFERRAL, "the customer's email is the affiliate's own",
                FraudEvidence.selfReferral(customerEmailOwner)));
    }

    /** Velocity: more than {@code maxConversions} conversions from one click session within the window (this one included). */
    Optional<FraudFlagged> velocityAbove(long conversionsInWindow, FraudRules.Velocity rule) {
        if (conversionsInWindow <= rule.maxConversions()) {
            return Optional.empty();
        }
        return Optional.of(flag(FraudScreen.VELOCITY, conversionsInWindow + " conversions from session " + sessionId
                        + " within " + rule.windowMinutes() + " minutes (at most " + rule.maxConversions() + " allowed)",
                FraudEvidence.velocity(sessionId, conversionsInWindow, rule.windowMinutes(), rule.maxConversions())));
    }

    /**
     * Refund rate: once the affiliate has {@code minConversions} earlier conversions, a refunded share above
     * {@code maxPercent} (not at it) flags the new one.
     */
    Optional<FraudFlagged> refundRateAbove(long conversions, long refunded, FraudRules.RefundRate rule) {
        if (conversions == 0 || conversions < rule.minConversions()) {
            return Optional.empty();
        }
        BigDecimal max = new BigDecimal(rule.maxPercent());
        if (BigDecimal.valueOf(refunded * 100).compareTo(max.multiply(BigDecimal.valueOf(conversions))) <= 0) {
            return Optional.empty();
        }
        BigDecimal percent = BigDecimal.valueOf(refunded * 100).divide(BigDecimal.valueOf(conversions), 2, RoundingMode.HALF_EVEN);
        return Optional.of(flag(FraudScreen.REFUND_RATE, refunded + " of the affiliate's " + conversions
                        + " conversions were refunded (" + percent.stripTrailingZeros().toPlainString() + "% > " + rule.maxPercent() + "%)",
                FraudEvidence.refundRate(conversions, refunded, rule.maxPercent(), rule.minConversions())));
    }

    private FraudFlagged flag(String rule, String detail, FraudEvidence evidence) {
        return new FraudFlagged(merchantId, affiliateId, conversionId, commissionIds, rule, detail, evidence);
    }

    /** @return true when this refund notice raised the refunded total (a repeated or older notice changes nothing) */
    @CommandHandler
    boolean handle(RefundConversion command) {
        belongsTo(command.merchantId());
        if (command.refundedCents() < 0) {
            throw new InvalidRequestException("refunded amount must not be negative, got " + command.refundedCents());
        }
        long refunded = Math.min(command.refundedCents(), amountCents);
        if (refunded <= refundedCents) {
            return false;
        }
        apply(new ConversionRefunded(conversionId, merchantId, refunded, amountCents, command.reference()));
        return true;
    }

    /** @return true when the dispute is new (an open or already closed dispute is not opened again) */
    @CommandHandler
    boolean handle(DisputeConversion command) {
        belongsTo(command.merchantId());
        if (openDisputes.contains(command.disputeId()) || closedDisputes.contains(command.disputeId())) {
            return false;
        }
        apply(new ConversionDisputed(conversionId, merchantId, command.disputeId(), command.amountCents()));
        return true;
    }

    /**
     * Closing a dispute that was never seen open (Stripe reorders notices) closes it all the same; a lost dispute
     * takes back at most what was not reversed yet.
     *
     * @return true when this closed the dispute now
     */
    @CommandHandler
    boolean handle(CloseConversionDispute command) {
        belongsTo(command.merchantId());
        if (closedDisputes.contains(command.disputeId())) {
            return false;
        }
        long lost = command.won() ? 0 : Math.max(0, Math.min(command.amountCents(), amountCents - reversedCents()));
        apply(new ConversionDisputeClosed(conversionId, merchantId, command.disputeId(), command.won(), lost));
        return true;
    }

    /** What went back to the customer so far: refunds plus lost disputes, never more than the sale. */
    long reversedCents() {
        return Math.min(amountCents, refundedCents + lostInDisputesCents);
    }

    ConversionRecorded recorded() {
        return recorded;
    }

    boolean disputed() {
        return !openDisputes.isEmpty();
    }

    List<String> commissionIds() {
        return List.copyOf(commissionIds);
    }

    private void belongsTo(String callerMerchantId) {
        if (!merchantId.equals(callerMerchantId)) {
            throw new NotFoundException("conversion", conversionId);
        }
    }

    @EventSourcingHandler
    void on(ConversionRecorded event) {
        conversionId = event.conversionId();
        merchantId = event.merchantId();
        affiliateId = event.affiliateId();
        amountCents = event.amountCents();
        sessionId = event.affiliateSessionId();
        recorded = event;
        if (event.commissionId() != null) {
            commissionIds.add(event.commissionId());
        }
        commissionIds.addAll(event.ancestorCommissionIds());
    }

    @EventSourcingHandler
    void on(ConversionRefunded event) {
        refundedCents = event.refundedCents();
    }

    @EventSourcingHandler
    void on(ConversionDisputed event) {
        openDisputes.add(event.disputeId());
    }

    @EventSourcingHandler
    void on(ConversionDisputeClosed event) {
        openDisputes.remove(event.disputeId());
        closedDisputes.add(event.disputeId());
        lostInDisputesCents += event.lostCents();
    }
}
