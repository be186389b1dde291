package org.affiliateledger.command.affiliate;

import org.affiliateledger.command.support.AuditedCommands;
import org.affiliateledger.events.affiliate.RecountReferredRevenue;
import org.affiliateledger.events.conversion.ConversionRecorded;
import org.affiliateledger.events.conversion.ConversionSource;
import org.affiliateledger.events.merchant.MerchantCreated;
import org.affiliateledger.events.merchant.ProgramCurrencyChanged;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.common.stream.BlockingStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Migrates referred revenue into the history, once per store: the running total ({@link ReferredRevenue}) counted sales
 * only from the release that added it, so the sales recorded before that release are summed from the event history
 * (tier-0 sales in the program currency of their time, as {@code ConversionRecording} counts them) and added, each
 * affiliate's recount recorded as a {@code ReferredRevenueRecounted} event (and any promotion it brings as
 * {@code AffiliateTierPromoted}). Idempotent: every (merchant, affiliate, currency) is claimed once, and a finished
 * run is remembered, so later starts read nothing. Only the part of the log before that release is read.
 */
@Component
public class ReferredRevenueRecount implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(ReferredRevenueRecount.class);
    /** The migration that added the running total: counting started when it ran. */
    static final String COUNTING_RELEASE = "40";

    private final EventStore eventStore;
    private final CommandGateway commands;
    private final JdbcClient jdbc;

    public ReferredRevenueRecount(EventStore eventStore, CommandGateway commands, JdbcClient jdbc) {
        this.eventStore = eventStore;
        this.commands = commands;
        this.jdbc = jdbc;
    }

    @Override
    public void run(ApplicationArguments args) {
        recount();
    }

    /** @return the number of (merchant, affiliate, currency) totals completed by this call */
    public int recount() {
        if (finished()) {
            return 0;
        }
        int recounted = 0;
        Instant countedSince = jdbc.sql("SELECT installed_on FROM flyway_schema_history WHERE version = ? AND success")
                .param(COUNTING_RELEASE).query(Timestamp.class).optional().map(Timestamp::toInstant).orElse(null);
        if (countedSince != null) {
            Tally tally = new Tally();
            // read up to the head as it is now: hasNextAvailable() alone may answer false at a fetch boundary or while
            // the newest events wait to be fetched, which would end the count early
            org.axonframework.eventhandling.TrackingToken head = eventStore.createHeadToken();
            long headPosition = head == null ? -1 : head.position().orElse(-1);
            try (BlockingStream<TrackedEventMessage<?>> events = eventStore.openStream(null)) {
                while (headPosition >= 0 && events.hasNextAvailable(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    TrackedEventMessage<?> event = events.nextAvailable();
                    long position = event.trackingToken().position().orElse(Long.MAX_VALUE);
                    if (position > headPosition) {
                        break;
                    }
                    // an event recorded after counting began is skipped, but the reading goes on: log order is not time
                    // order (several nodes' clocks; an event stamped ahead), so stopping at the first later one would
                    // miss earlier sales
                    if (event.getTimestamp().isBefore(countedSince) && Tally.READS.contains(event.getPayloadType())) {
                        tally.accept(event.getPayload());
                    }
                    if (position == headPosition) {
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
            for (var entry : tally.uncounted().entrySet()) {
                Tally.Key key = entry.getKey();
                Boolean done = commands.sendAndWait(AuditedCommands.by("system", new RecountReferredRevenue(
                        key.affiliateId(), key.merchantId(), key.currency(), entry.getValue(), countedSince)));
                recounted += Boolean.TRUE.equals(done) ? 1 : 0;
            }
        }
        jdbc.sql("INSERT INTO referred_revenue_recounts (merchant_id, affiliate_id, currency, added_cents) "
                + "VALUES ('*', '*', '*', 0) ON CONFLICT DO NOTHING").update();
        if (recounted > 0) {
            log.info("Referred revenue: completed {} totals with the sales recorded before {}", recounted, countedSince);
        }
        return recounted;
    }

    private boolean finished() {
        return jdbc.sql("SELECT count(*) FROM referred_revenue_recounts WHERE merchant_id = '*'")
                .query(Long.class).single() > 0;
    }

    /** Sums the sales that count towards referred revenue, from events in log order. */
    static final class Tally {
        record Key(String merchantId, String affiliateId, String currency) {
        }

        /** The only events it reads: every other one is skipped without being deserialised. */
        static final Set<Class<?>> READS = Set.of(MerchantCreated.class, ProgramCurrencyChanged.class, ConversionRecorded.class);

        private final Map<String, String> programCurrency = new HashMap<>();
        private final Map<Key, Long> uncounted = new LinkedHashMap<>();

        void accept(Object payload) {
            if (payload instanceof MerchantCreated created) {
                programCurrency.put(created.merchantId(), created.currency() == null ? "USD" : created.currency());
            } else if (payload instanceof ProgramCurrencyChanged changed) {
                programCurrency.put(changed.merchantId(), changed.currency());
            } else if (payload instanceof ConversionRecorded sale && sale.source() != ConversionSource.EVENT
                    && sale.currency() != null && sale.currency().equals(programCurrency.get(sale.merchantId()))
                    && sale.amountCents() > 0) {
                uncounted.merge(new Key(sale.merchantId(), sale.affiliateId(), sale.currency()), sale.amountCents(), Long::sum);
            }
        }

        Map<Key, Long> uncounted() {
            return uncounted;
        }
    }
}
