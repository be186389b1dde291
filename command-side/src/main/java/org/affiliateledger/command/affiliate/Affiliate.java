package org.affiliateledger.command.affiliate;

import org.affiliateledger.events.payout.OpenPayout;
import org.affiliateledger.events.affiliate.CountReferredRevenue;
import org.affiliateledger.events.affiliate.RecordReferredRevenueRecount;
import org.affiliateledger.events.affiliate.ReferredRevenueRecounted;
import org.affiliateledger.events.affiliate.AffiliateApproved;
import org.affiliateledger.events.affiliate.AffiliateBanned;
import org.affiliateledger.events.affiliate.AffiliateDetails;
import org.affiliateledger.events.affiliate.AffiliateEmailChanged;
import org.affiliateledger.events.affiliate.AffiliateRenamed;
import org.affiliateledger.events.affiliate.ChangeAffiliateProfile;
import org.affiliateledger.events.affiliate.AffiliatePaused;
import org.affiliateledger.events.affiliate.AffiliateRegistered;
import org.affiliateledger.events.affiliate.AffiliateReinstated;
import org.affiliateledger.events.affiliate.AffiliateResumed;
import org.affiliateledger.events.affiliate.AffiliateStatus;
import org.affiliateledger.events.affiliate.AffiliateSuspended;
import org.affiliateledger.events.affiliate.AffiliateTierPromoted;
import org.affiliateledger.events.affiliate.ApproveAffiliate;
import org.affiliateledger.events.affiliate.BanAffiliate;
import org.affiliateledger.events.affiliate.ChangeCommissionOverride;
import org.affiliateledger.events.affiliate.CommissionOverrideChanged;
import org.affiliateledger.events.affiliate.PauseAffiliate;
import org.affiliateledger.events.affiliate.RegisterAffiliate;
import org.affiliateledger.events.affiliate.ReinstateAffiliate;
import org.affiliateledger.events.affiliate.ResumeAffiliate;
import org.affiliateledger.events.affiliate.SubmitTaxForm;
import org.affiliateledger.events.affiliate.SuspendAffiliate;
import org.affiliateledger.events.affiliate.TaxFormSubmitted;
import org.affiliateledger.events.common.DuplicateException;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.StateConflictException;
import org.affiliateledger.events.common.UnprocessableException;
import org.affiliateledger.events.merchant.PerformanceTier;
import org.jspecify.annotations.Nullable;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

import static org.affiliateledger.events.affiliate.AffiliateStatus.ACTIVE;
import static org.affiliateledger.events.affiliate.AffiliateStatus.BANNED;
import static org.affiliateledger.events.affiliate.AffiliateStatus.PAUSED;
import static org.affiliateledger.events.affiliate.AffiliateStatus.PENDING;
import static org.affiliateledger.events.affiliate.AffiliateStatus.SUSPENDED;
import static org.affiliateledger.events.common.Lifecycle.allowOnlyFrom;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An affiliate of one merchant and its lifecycle: pending → active ⇄ paused, active|paused → suspended → active, any →
 * banned. Its parent in the MLM lineage is fixed at registration (so the lineage can never form a cycle), and its
 * performance tier only ever goes up.
 */
@Aggregate(repository = "affiliateRepository")
public class Affiliate {
    /** At most this many ancestors: as many as the program can have MLM tier rates. */
    public static final int MAX_LINEAGE_DEPTH = 10;

    @AggregateIdentifier
    private String affiliateId;
    private String merchantId;
    private AffiliateStatus status;
    private CommissionRate commissionOverride;
    private String parentId;
    private int lineageDepth;
    private String performanceTier;
    private CommissionRate performanceTierRate;
    private String taxFormType;
    private String name;
    private String email;
    private String shortCode;
    private Instant registeredAt;
    /** The recorded time of the first approval (its event's timestamp); null while never approved. */
    private Instant activatedAt;

    protected Affiliate() {
    }

    /** Uniqueness of email and short code is checked by {@link AffiliateRegistration} before this runs. */
    Affiliate(RegisterAffiliate command) {
        this(command, null);
    }

    /** {@code parent} is the lineage of the parent {@link AffiliateRegistration} resolved, or null for a root affiliate. */
    Affiliate(RegisterAffiliate command, @Nullable Lineage parent) {
        if (parent != null) {
            anAffiliateIsNotItsOwnParent(command.affiliateId(), parent);
            lineagesStayWithinTheDepthLimit(parent);
        }
        apply(new AffiliateRegistered(command.affiliateId(), command.merchantId(), command.name(), command.email(),
                command.shortCode(), command.commissionOverride() == null ? null : command.commissionOverride().percent(),
                command.registeredAt(), parent == null ? null : parent.affiliateId(),
                parent == null ? 0 : parent.depth() + 1));
        if (command.activate()) {
            apply(new AffiliateApproved(command.affiliateId(), command.merchantId()));
        }
    }

    @CommandHandler
    AffiliateStatus handle(ApproveAffiliate command) {
        belongsTo(command.merchantId());
        allowOnlyFrom("affiliate", affiliateId, "approve", status, PENDING);
        apply(new AffiliateApproved(affiliateId, merchantId));
        return status;
    }

    @CommandHandler
    AffiliateStatus handle(PauseAffiliate command) {
        belongsTo(command.merchantId());
        allowOnlyFrom("affiliate", affiliateId, "pause", status, ACTIVE);
        apply(new AffiliatePaused(affiliateId, merchantId));
        return status;
    }

    @CommandHandler
    AffiliateStatus handle(ResumeAffiliate command) {
        belongsTo(command.merchantId());
        allowOnlyFrom("affiliate", affiliateId, "resume", status, PAUSED);
        apply(new AffiliateResumed(affiliateId, merchantId));
        return status;
    }

    @CommandHandler
    AffiliateStatus handle(SuspendAffiliate command) {
        belongsTo(command.merchantId());
        allowOnlyFrom("affiliate", affiliateId, "suspend", status, ACTIVE, PAUSED);
        apply(new AffiliateSuspended(affiliateId, merchantId, command.reason()));
        return status;
    }

    @CommandHandler
    AffiliateStatus handle(ReinstateAffiliate command) {
        belongsTo(command.merchantId());
        allowOnlyFrom("affiliate", affiliateId, "reinstate", status, SUSPENDED);
        apply(new AffiliateReinstated(affiliateId, merchantId));
        return status;
    }

    @CommandHandler
    AffiliateStatus handle(BanAffiliate command) {
        belongsTo(command.merchantId());
        allowOnlyFrom("affiliate", affiliateId, "ban", status, PENDING, ACTIVE, PAUSED, SUSPENDED);
        apply(new AffiliateBanned(affiliateId, merchantId, command.reason()));
        return status;
    }

    @CommandHandler
    AffiliateStatus handle(ChangeCommissionOverride command) {
        belongsTo(command.merchantId());
        bannedAffiliatesAreFinal("change the commission override of");
        if (!Objects.equals(command.commissionOverride(), commissionOverride)) {
            apply(new CommissionOverrideChanged(affiliateId, merchantId,
                    command.commissionOverride() == null ? null : command.commissionOverride().percent()));
        }
        return status;
    }

    /**
     * Applies every change given, or refuses them all: banned affiliates are final, a name is not blank, an email is
     * unique per program ({@link AffiliateUpdate} holds the claims and says who holds the email, if anyone).
     */
    @CommandHandler
    AffiliateDetails handle(ChangeAffiliateProfile command) {
        belongsTo(command.merchantId());
        bannedAffiliatesAreFinal("change");
        String newName = command.name() == null ? null : command.name().strip();
        namesAreNotBlank(newName);
        String newEmail = command.email() == null ? null : command.email().strip();
        emailsAreUniquePerProgram(newEmail, command.emailHeldBy());
        if (newName != null && !newName.equals(name)) {
            apply(new AffiliateRenamed(affiliateId, merchantId, newName, name));
        }
        if (newEmail != null && !newEmail.equals(email)) {
            apply(new AffiliateEmailChanged(affiliateId, merchantId, newEmail, email));
        }
        if (command.commissionOverride() != null && !Objects.equals(command.commissionOverride().rate(), commissionOverride)) {
            CommissionRate rate = command.commissionOverride().rate();
            apply(new CommissionOverrideChanged(affiliateId, merchantId, rate == null ? null : rate.percent()));
        }
        return details();
    }

    private static void namesAreNotBlank(@Nullable String newName) {
        if (newName != null && newName.isEmpty()) {
            throw new InvalidRequestException("name must not be blank");
        }
    }

    private void emailsAreUniquePerProgram(@Nullable String newEmail, @Nullable String heldBy) {
        if (newEmail != null && heldBy != null && !heldBy.equals(affiliateId)) {
            throw new DuplicateException("an affiliate with email " + newEmail + " already exists (" + heldBy
                    + "); emails are unique per program").withCode("duplicate_email");
        }
    }

    /** The current email of this merchant's affiliate (another merchant's is not found). */
    String emailFor(String callerMerchantId) {
        belongsTo(callerMerchantId);
        return email;
    }

    public AffiliateDetails details() {
        return new AffiliateDetails(affiliateId, name, email, shortCode, status,
                commissionOverride == null ? null : commissionOverride.percent(), registeredAt, activatedAt, parentId);
    }

    /** The rate this affiliate earns on a new conversion: its own override, else the program's default. */
    public CommissionRate earningRate(String merchantId, CommissionRate programDefault) {
        return earningRate(merchantId, programDefault, List.of());
    }

    /**
     * The rate this affiliate earns on a new conversion it referred. Precedence: its own override, else its performance
     * tier's rate (as the program's tiers now set it; the rate recorded at promotion if the tier was since removed),
     * else the program's default.
     */
    public CommissionRate earningRate(String merchantId, CommissionRate programDefault, List<PerformanceTier> tiers) {
        belongsTo(merchantId);
        if (status != ACTIVE) {
            throw new StateConflictException("affiliate " + affiliateId + " is " + status.wireName()
                    + "; conversions can only be recorded for active affiliates").withCode("affiliate_not_active");
        }
        if (commissionOverride != null) {
            return commissionOverride;
        }
        if (performanceTier != null) {
            return tiers.stream().filter(tier -> tier.name().equals(performanceTier)).findFirst()
                    .map(tier -> CommissionRate.of(tier.rate()))
                    .orElse(performanceTierRate);
        }
        return programDefault;
    }

    /**
     * What this affiliate earns as the ancestor of a converting affiliate at {@code tierRate}: nothing when banned
     * (the tiers above it still earn — see Beneficiaries); pending, paused and suspended ancestors accrue, their
     * commissions going through the hold period where the merchant can reject them.
     */
    public Optional<CommissionRate> ancestorRate(String merchantId, CommissionRate tierRate) {
        belongsTo(merchantId);
        return bannedAncestorsEarnNothing() ? Optional.empty() : Optional.of(tierRate);
    }

    private boolean bannedAncestorsEarnNothing() {
        return status == BANNED;
    }

    /** This affiliate as a parent of a new one: refused when it belongs to another merchant (as if it did not exist) or is banned. */
    public Lineage lineageForChild(String merchantId) {
        if (!this.merchantId.equals(merchantId)) {
            throw new UnprocessableException("parent affiliate " + affiliateId + " does not exist in this program").withCode("parent_not_found");
        }
        if (status == BANNED) {
            throw new UnprocessableException("parent affiliate " + affiliateId + " is banned and cannot take new affiliates under it").withCode("parent_banned");
        }
        return new Lineage(affiliateId, lineageDepth);
    }

    public @Nullable String parentId() {
        return parentId;
    }

    /**
     * Performance tiers: a sale raised the affiliate's referred revenue; when the total reaches a tier above the one it
     * holds (tiers never demote, banned affiliates are not promoted), it is promoted to the highest tier reached, and the
     * event names the sale, the total and the threshold it crossed. A current tier no longer among the program's tiers is
     * outranked by any tier reached. The tier on record with the running total counts as
     * held: a sale racing the one that promoted, with this aggregate loaded just before that promotion, does not promote
     * a second time.
     *
     * @return the tier promoted to, or null
     */
    @CommandHandler
    @Nullable String handle(CountReferredRevenue command) {
        belongsTo(command.merchantId());
        return promoteForReferredRevenue(command.referredRevenueCents(), command.currency(), command.tiers(),
                command.tierOnRecord(), command.conversionId());
    }

    /**
     * The one-off recount of the sales made before referred revenue was counted: recorded, then promoted on the
     * completed total like any sale (the promotion names no sale: the recount crossed the threshold).
     *
     * @return the tier promoted to, or null
     */
    @CommandHandler
    @Nullable String handle(RecordReferredRevenueRecount command) {
        belongsTo(command.merchantId());
        apply(new ReferredRevenueRecounted(affiliateId, merchantId, command.currency(), command.addedCents(),
                command.referredRevenueCents(), command.countedSince()));
        return promoteForReferredRevenue(command.referredRevenueCents(), command.currency(), command.tiers(),
                command.tierOnRecord(), null);
    }

    private @Nullable String promoteForReferredRevenue(long referredRevenueCents, String currency,
                                                       List<PerformanceTier> tiers, @Nullable String tierOnRecord,
                                                       @Nullable String conversionId) {
        int reached = -1;
        int current = -1;
        for (int i = 0; i < tiers.size(); i++) {
            if (tiers.get(i).minRevenueCents() <= referredRevenueCents) {
                reached = i;
            }
            if (tiers.get(i).name().equals(performanceTier) || tiers.get(i).name().equals(tierOnRecord)) {
                current = i;
            }
        }
        if (reached <= current || status == BANNED) {
            return null;
        }
        PerformanceTier tier = tiers.get(reached);
        apply(new AffiliateTierPromoted(affiliateId, merchantId, tier.name(), CommissionRate.of(tier.rate()).percent(),
                referredRevenueCents, currency, tier.minRevenueCents(), conversionId));
        return tier.name();
    }

    /** Where an affiliate sits in its merchant's MLM lineage: {@code depth} is its number of ancestors. */
    public record Lineage(String affiliateId, int depth) {
    }

    private static void anAffiliateIsNotItsOwnParent(String affiliateId, Lineage parent) {
        if (parent.affiliateId().equals(affiliateId)) {
            throw new UnprocessableException("affiliate " + affiliateId + " cannot be its own parent").withCode("parent_is_self");
        }
    }

    private static void lineagesStayWithinTheDepthLimit(Lineage parent) {
        if (parent.depth() + 1 > MAX_LINEAGE_DEPTH) {
            throw new UnprocessableException("parent affiliate " + parent.affiliateId() + " already has " + parent.depth()
                    + " ancestors; a lineage is at most " + MAX_LINEAGE_DEPTH + " ancestors deep").withCode("lineage_too_deep");
        }
    }

    /** Another merchant's affiliate is indistinguishable from one that does not exist. */
    private void belongsTo(String callerMerchantId) {
        if (!merchantId.equals(callerMerchantId)) {
            throw new NotFoundException("affiliate", affiliateId);
        }
    }


    private void bannedAffiliatesAreFinal(String action) {
        if (status == BANNED) {
            throw new StateConflictException("cannot " + action + " affiliate " + affiliateId + ": it is banned").withCode("affiliate_banned");
        }
    }

    @EventSourcingHandler
    void on(AffiliateRegistered event) {
        affiliateId = event.affiliateId();
        merchantId = event.merchantId();
        status = PENDING;
        commissionOverride = event.commissionOverride() == null ? null : CommissionRate.of(event.commissionOverride());
        parentId = event.parentId();
        lineageDepth = event.lineageDepth();
        name = event.name();
        email = event.email();
        shortCode = event.shortCode();
        registeredAt = event.registeredAt();
    }

    @EventSourcingHandler
    void on(AffiliateRenamed event) {
        name = event.name();
    }

    @EventSourcingHandler
    void on(AffiliateEmailChanged event) {
        email = event.email();
    }

    @EventSourcingHandler
    void on(AffiliateTierPromoted event) {
        performanceTier = event.tierName();
        performanceTierRate = CommissionRate.of(event.rate());
    }

    @EventSourcingHandler
    void on(AffiliateApproved event, @Timestamp Instant at) {
        status = ACTIVE;
        if (activatedAt == null) {
            activatedAt = at;
        }
    }

    @EventSourcingHandler
    void on(AffiliatePaused event) {
        status = PAUSED;
    }

    @EventSourcingHandler
    void on(AffiliateResumed event) {
        status = ACTIVE;
    }

    @EventSourcingHandler
    void on(AffiliateSuspended event) {
        status = SUSPENDED;
    }

    @EventSourcingHandler
    void on(AffiliateReinstated event) {
        status = ACTIVE;
    }

    @EventSourcingHandler
    void on(AffiliateBanned event) {
        status = BANNED;
    }

    @EventSourcingHandler
    void on(CommissionOverrideChanged event) {
        commissionOverride = event.commissionOverride() == null ? null : CommissionRate.of(event.commissionOverride());
    }

    // --- tax forms and payouts ---

    /** The latest time zone's today: a form received "today" anywhere on Earth is not in the future. */
    private static final ZoneOffset LATEST_ZONE = ZoneOffset.ofHours(14);

    /** A newer form replaces the one on file (both stay in the history). Banned affiliates are final. */
    @CommandHandler
    AffiliateStatus handle(SubmitTaxForm command) {
        belongsTo(command.merchantId());
        bannedAffiliatesAreFinal("record a tax form of");
        taxFormsAreNotReceivedInTheFuture(command);
        apply(new TaxFormSubmitted(affiliateId, merchantId, command.formType(), command.receivedOn(), command.submittedAt()));
        return status;
    }

    private static void taxFormsAreNotReceivedInTheFuture(SubmitTaxForm command) {
        LocalDate today = command.submittedAt().atOffset(LATEST_ZONE).toLocalDate();
        if (command.receivedOn().isAfter(today)) {
            throw new InvalidRequestException("received_on " + command.receivedOn() + " is in the future");
        }
    }

    /** The facts a payout is decided on (see Payout): whose affiliate it is, its status, its tax form. */
    public OpenPayout.Payee payee() {
        return new OpenPayout.Payee(affiliateId, merchantId, status, taxFormType != null);
    }

    @EventSourcingHandler
    void on(TaxFormSubmitted event) {
        taxFormType = event.formType();
    }
}
