package org.affiliateledger.command.merchant;

import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.Currencies;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.merchant.ChangeProgramSettings;
import org.affiliateledger.events.merchant.DefaultRateChanged;
import org.affiliateledger.events.merchant.MerchantCreated;
import org.affiliateledger.events.merchant.ProgramSettings;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A tenant and its program settings. */
@Aggregate(repository = "merchantRepository")
public class Merchant {
    static final String DEFAULT_RATE = "10";

    @AggregateIdentifier
    private String merchantId;
    private String name;
    private CommissionRate defaultRate;
    private String currency;

    protected Merchant() {
    }

    Merchant(String merchantId, String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("merchant name must not be blank");
        }
        apply(new MerchantCreated(merchantId, name.strip(), DEFAULT_RATE, Currencies.DEFAULT));
    }

    @CommandHandler
    public ProgramSettings handle(ChangeProgramSettings command) {
        if (command.defaultRate() != null && !command.defaultRate().equals(defaultRate)) {
            apply(new DefaultRateChanged(merchantId, command.defaultRate().percent()));
        }
        return settings();
    }

    public CommissionRate defaultRate() {
        return defaultRate;
    }

    public ProgramSettings settings() {
        return new ProgramSettings(merchantId, name, defaultRate.percent(), currency);
    }

    @EventSourcingHandler
    void on(MerchantCreated event) {
        merchantId = event.merchantId();
        name = event.name();
        defaultRate = CommissionRate.of(event.defaultRate());
        currency = event.currency();
    }

    @EventSourcingHandler
    void on(DefaultRateChanged event) {
        defaultRate = CommissionRate.of(event.defaultRate());
    }
}
