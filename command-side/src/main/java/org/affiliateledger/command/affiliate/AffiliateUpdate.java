package org.affiliateledger.command.affiliate;

import org.affiliateledger.command.support.UniqueClaims;
import org.affiliateledger.events.affiliate.AffiliateDetails;
import org.affiliateledger.events.affiliate.ChangeAffiliateProfile;
import org.affiliateledger.events.affiliate.UpdateAffiliate;
import org.affiliateledger.events.common.NotFoundException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.util.Locale;
import java.util.Optional;

/**
 * Coordinates {@code PATCH /api/v1/affiliates/{id}}: a new email first takes its uniqueness claim (case-insensitively,
 * per merchant); the affiliate then decides the whole change on {@link ChangeAffiliateProfile}, told who holds the email
 * if anyone; the old email's claim is given up once it is decided. All of it in one transaction, so two affiliates
 * never share an email and a refusal changes nothing (a claim taken for a refused change is rolled back with it). The
 * command goes to the loaded affiliate within this unit of work (not through the bus), so the claim and the decision
 * share that transaction.
 */
@Component
public class AffiliateUpdate {
    static final String EMAIL = "affiliate.email";

    private final Repository<Affiliate> affiliates;
    private final UniqueClaims claims;

    public AffiliateUpdate(Repository<Affiliate> affiliateRepository, UniqueClaims claims) {
        this.affiliates = affiliateRepository;
        this.claims = claims;
    }

    @CommandHandler
    public AffiliateDetails handle(UpdateAffiliate command) {
        Aggregate<Affiliate> affiliate;
        try {
            affiliate = affiliates.load(command.affiliateId());
        } catch (AggregateNotFoundException e) {
            throw new NotFoundException("affiliate", command.affiliateId());
        }
        String held = affiliate.invoke(a -> a.emailFor(command.merchantId())).toLowerCase(Locale.ROOT);
        String wanted = command.email() == null ? null : command.email().strip().toLowerCase(Locale.ROOT);
        boolean moves = wanted != null && !wanted.equals(held);
        Optional<String> heldBy = moves ? claims.claim(command.merchantId(), EMAIL, wanted, command.affiliateId()) : Optional.empty();
        ChangeAffiliateProfile change = new ChangeAffiliateProfile(command.affiliateId(), command.merchantId(), command.name(),
                command.email(), command.commissionOverride(), heldBy.orElse(null));
        AffiliateDetails details = affiliate.invoke(a -> a.handle(change));
        if (moves) {
            claims.release(command.merchantId(), EMAIL, held, command.affiliateId());
        }
        return details;
    }
}
