package org.affiliateledger.command.payout;

import org.affiliateledger.command.support.ConcurrentChanges;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.LedgerException;
import org.affiliateledger.events.payout.CreatePayout;
import org.affiliateledger.events.payout.PayoutCreated;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Creating payouts: one ({@link CreatePayout}, retried when a concurrent change to its commissions wins), or a batch
 * over every affiliate and currency with a payable balance, each payout in its own transaction so that one refusal
 * (a rule of Payout) does not stop the others. The rules themselves are on Payout, Commission and Affiliate.
 */
@Component
public class PayoutBatches {
    private static final int ATTEMPTS = 3;

    private final CommandGateway commands;
    private final PayoutLedger ledger;

    public PayoutBatches(CommandGateway commands, PayoutLedger ledger) {
        this.commands = commands;
        this.ledger = ledger;
    }

    /** A balance a payout rule refused, with the rule's reason. */
    public record Refusal(String affiliateId, String currency, String reason) {
    }

    public record Result(String batchId, List<PayoutCreated> payouts, List<Refusal> refused) {
    }

    /** {@code currency} null: every currency. */
    public Result payEveryone(String merchantId, String currency) {
        String batchId = Ids.PAYOUT_BATCH.next();
        List<PayoutCreated> payouts = new ArrayList<>();
        List<Refusal> refused = new ArrayList<>();
        for (PayoutLedger.Account account : ledger.eligibleAccounts(merchantId, currency)) {
            try {
                payouts.add(pay(merchantId, account.affiliateId(), account.currency(), batchId));
            } catch (LedgerException e) {
                refused.add(new Refusal(account.affiliateId(), account.currency(), e.getMessage()));
            }
        }
        return new Result(batchId, payouts, refused);
    }

    /** {@code currency} null: the program's; {@code batchId} null: on its own. */
    public PayoutCreated pay(String merchantId, String affiliateId, String currency, String batchId) {
        return ConcurrentChanges.retrying(ATTEMPTS, () -> commands.sendAndWait(new CreatePayout(Ids.PAYOUT.next(), merchantId,
                affiliateId, currency, batchId, Instant.now().truncatedTo(ChronoUnit.MILLIS))));
    }
}
