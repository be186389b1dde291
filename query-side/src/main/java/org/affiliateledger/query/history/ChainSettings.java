package org.affiliateledger.query.history;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The chain worker ({@code ledger.history.chain.*}).
 *
 * @param enabled      false stops linking (benchmarks compare the write path without it); verify still works
 * @param pollInterval how often the worker looks for new events
 * @param batchSize    events linked per transaction
 * @param gapGrace     how long a missing position is left alone before the transactions then running are noted
 * @param gapTimeout   how long a missing position may hold the chain back at most (Axon's gap timeout is 60 s)
 */
@ConfigurationProperties("ledger.history.chain")
public record ChainSettings(@DefaultValue("true") boolean enabled,
                            @DefaultValue("PT0.2S") Duration pollInterval,
                            @DefaultValue("1000") int batchSize,
                            @DefaultValue("PT0.5S") Duration gapGrace,
                            @DefaultValue("PT60S") Duration gapTimeout) {
}
