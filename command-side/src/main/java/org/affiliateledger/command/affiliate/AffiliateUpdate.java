package org.affiliateledger.command.affiliate;

import org.affiliateledger.command.support.UniqueClaims;
import org.affiliateledger.events.affiliate.AffiliateDetails;
import org.affiliateledger.events.affiliate.UpdateAffiliate;
import org.affiliateledger.events.common.DuplicateException;
import org.affiliateledger.events.common.NotFoundException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.util.Locale;

/**
 * {@code PATCH /api/v1/affiliates/{id}}: the aggregate decides the change; a new email first takes its uniqueness claim
 * (case-insensitively, per merchant) and gives up the old one, in the same transaction, so two affiliates never share
 * one and a refusal changes nothing.
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
        String previous = affiliate.invoke(a -> a.emailFor(command.merchantId()));
        AffiliateDetails details = affiliate.invoke(a -> a.update(command));
        if (command.email() != null) {
            String wanted = command.email().strip().toLowerCase(Locale.ROOT);
            String held = previous.toLowerCase(Locale.ROOT);
            if (!wanted.equals(held)) {
                claims.claim(command.merchantId(), EMAIL, wanted, command.affiliateId()).ifPresent(owner -> {
                    throw new DuplicateException("an affiliate with email " + command.email().strip() + " already exists ("
                            + owner + "); emails are unique per program").withCode("duplicate_email");
                });
                claims.release(command.merchantId(), EMAIL, held, command.affiliateId());
            }
        }
        return details;
    }
}
