package org.affiliateledger.infra.axon;

import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoredTimestampsTest {

    @Test
    void readsWhatAxonWritesAsAxonReadsIt() {
        SplittableRandom random = new SplittableRandom(42);
        long from = Instant.parse("1970-01-01T00:00:00Z").toEpochMilli();
        long to = Instant.parse("2400-12-31T23:59:59.999Z").toEpochMilli();
        for (int i = 0; i < 100_000; i++) {
            String stored = DateTimeUtils.formatInstant(Instant.ofEpochMilli(random.nextLong(from, to)));
            assertThat(StoredTimestamps.parse(stored)).as(stored).isEqualTo(DateTimeUtils.parseInstant(stored));
        }
    }

    @Test
    void readsTheEdgesOfDaysMonthsAndLeapYears() {
        for (String stored : new String[]{"2024-02-29T23:59:59.999Z", "2023-12-31T23:59:59.999Z", "2024-01-01T00:00:00.000Z",
                "2000-02-29T12:00:00.001Z", "1970-01-01T00:00:00.000Z", "2026-12-07T12:00:00.123Z"}) {
            assertThat(StoredTimestamps.parse(stored)).as(stored).isEqualTo(Instant.parse(stored));
        }
    }

    @Test
    void leavesOtherShapesToAxonsParser() {
        assertThat(StoredTimestamps.parse("2026-12-07T12:00:00Z")).isEqualTo(Instant.parse("2026-12-07T12:00:00Z"));
        assertThat(StoredTimestamps.parse("2026-12-07T13:00:00.5+01:00")).isEqualTo(Instant.parse("2026-12-07T12:00:00.500Z"));
        assertThat(StoredTimestamps.parse("2026-12-07T12:00:00.123456789Z")).isEqualTo(Instant.parse("2026-12-07T12:00:00.123456789Z"));
    }

    @Test
    void refusesWhatAxonRefuses() {
        for (String stored : new String[]{"2026-13-07T12:00:00.000Z", "2026-02-29T12:00:00.000Z", "2026-12-07T24:00:00.000Z",
                "2026-12-07T12:60:00.000Z", "2026-12-07T12:00:60.000Z", "2026-12-0xT12:00:00.000Z", "not a time"}) {
            assertThatThrownBy(() -> StoredTimestamps.parse(stored)).as(stored).isInstanceOf(DateTimeParseException.class);
        }
    }
}
