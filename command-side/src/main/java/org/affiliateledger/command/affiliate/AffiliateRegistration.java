package org.affiliateledger.command.affiliate;

import org.affiliateledger.command.support.UniqueClaims;
import org.affiliateledger.events.affiliate.RegisterAffiliate;
import org.affiliateledger.events.common.DuplicateException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.util.Locale;

/** Email and short code are unique per merchant (case-insensitively); the claims make that hold under concurrency. */
@Component
public class AffiliateRegistration {
    private final Repository<Affiliate> affiliates;
    private final UniqueClaims claims;

    public AffiliateRegistration(Repository<Affiliate> affiliateRepository, UniqueClaims claims) {
        this.affiliates = affiliateRepository;
        this.claims = claims;
    }

    @CommandHandler
    public String handle(RegisterAffiliate command) throws Exception {
        claims.claim(command.merchantId(), "affiliate.email", command.email().toLowerCase(Locale.ROOT), command.affiliateId())
                .ifPresent(owner -> {
                    throw new DuplicateException("an affiliate with email " + command.email() + " already exists (" + owner + ")");
                });
        claims.claim(command.merchantId(), "affiliate.short_code", command.shortCode().toLowerCase(Locale.ROOT), command.affiliateId())
                .ifPresent(owner -> {
                    throw new DuplicateException("short code " + command.shortCode() + " is already used by " + owner);
                });
        affiliates.newInstance(() -> new Affiliate(command));
        return command.affiliateId();
    }
}
