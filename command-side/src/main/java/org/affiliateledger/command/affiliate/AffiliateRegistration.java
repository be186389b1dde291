package org.affiliateledger.command.affiliate;

import org.affiliateledger.command.support.UniqueClaims;
import org.affiliateledger.events.affiliate.RegisterAffiliate;
import org.affiliateledger.events.affiliate.RegistrationReceipt;
import org.affiliateledger.events.common.DuplicateException;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.UnprocessableException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import java.util.Locale;

/**
 * Email and short code are unique per merchant (case-insensitively); the claims make that hold under concurrency.
 * A parent named by email is found through the email claim, so only an affiliate of the same merchant can be found.
 */
@Component
public class AffiliateRegistration {
    private final Repository<Affiliate> affiliates;
    private final UniqueClaims claims;

    public AffiliateRegistration(Repository<Affiliate> affiliateRepository, UniqueClaims claims) {
        this.affiliates = affiliateRepository;
        this.claims = claims;
    }

    @CommandHandler
    public RegistrationReceipt handle(RegisterAffiliate command) throws Exception {
        Affiliate.Lineage parent = parentOf(command);
        claims.claim(command.merchantId(), "affiliate.email", command.email().toLowerCase(Locale.ROOT), command.affiliateId())
                .ifPresent(owner -> {
                    throw new DuplicateException("an affiliate with email " + command.email() + " already exists (" + owner + ")").withCode("duplicate_email");
                });
        claims.claim(command.merchantId(), "affiliate.short_code", command.shortCode().toLowerCase(Locale.ROOT), command.affiliateId())
                .ifPresent(owner -> {
                    throw new DuplicateException("short code " + command.shortCode() + " is already used by " + owner).withCode("duplicate_short_code");
                });
        var affiliate = affiliates.newInstance(() -> new Affiliate(command, parent));
        // the recorded time of the approval, which every read and the affiliate.approved webhook show too
        return new RegistrationReceipt(command.affiliateId(), parent == null ? null : parent.affiliateId(),
                affiliate.invoke(a -> a.details().activatedAt()));
    }

    /** Resolved before the claims, so a parent email can never resolve to the affiliate being registered. */
    private Affiliate.@Nullable Lineage parentOf(RegisterAffiliate command) {
        if (command.parentId() != null && command.parentEmail() != null) {
            throw new InvalidRequestException("give the parent by id or by email, not both").withCode("conflicting_fields");
        }
        String parentId = command.parentId();
        if (command.parentEmail() != null) {
            parentId = claims.ownerOf(command.merchantId(), "affiliate.email", command.parentEmail().strip().toLowerCase(Locale.ROOT))
                    .orElseThrow(() -> new UnprocessableException("no affiliate with email " + command.parentEmail()
                            + " in this program; register the parent first").withCode("parent_not_found"));
        }
        if (parentId == null) {
            return null;
        }
        if (parentId.equals(command.affiliateId())) {
            throw new UnprocessableException("affiliate " + parentId + " cannot be its own parent").withCode("parent_is_self");
        }
        if (!Ids.AFFILIATE.matches(parentId)) {
            throw new UnprocessableException("parent affiliate " + parentId + " does not exist in this program").withCode("parent_not_found");
        }
        try {
            return affiliates.load(parentId).invoke(a -> a.lineageForChild(command.merchantId()));
        } catch (AggregateNotFoundException e) {
            throw new UnprocessableException("parent affiliate " + parentId + " does not exist in this program").withCode("parent_not_found");
        }
    }
}
