package org.affiliateledger.command.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryScheduleTest {
    @Test
    void followsTheDocumentedBackoffThenGivesUpAfterTenAttempts() {
        Duration[] expected = {Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2),
                Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(14), Duration.ofHours(20), Duration.ofHours(24)};
        for (int made = 1; made <= 9; made++) {
            assertThat(DeliverySchedule.next(made, null)).as("after attempt %d", made).isEqualTo(expected[made - 1]);
        }
        assertThat(DeliverySchedule.next(10, null)).isNull();
        assertThat(DeliverySchedule.MAX_ATTEMPTS).isEqualTo(10);
    }

    @Test
    void retryAfterPostponesButNeverHastensNorExceedsADay() {
        assertThat(DeliverySchedule.next(1, Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(5));
        assertThat(DeliverySchedule.next(1, Duration.ofSeconds(120))).isEqualTo(Duration.ofSeconds(120));
        assertThat(DeliverySchedule.next(2, Duration.ofDays(3))).isEqualTo(Duration.ofHours(24));
        assertThat(DeliverySchedule.next(10, Duration.ofSeconds(1))).isNull();
    }

    @Test
    void aRetryAfterAtTheScheduledDelayOrUpToADayIsKeptAsItIs() {
        assertThat(DeliverySchedule.next(2, Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(5));
        assertThat(DeliverySchedule.next(2, Duration.ofMinutes(5).plusSeconds(1))).isEqualTo(Duration.ofSeconds(301));
        assertThat(DeliverySchedule.next(2, Duration.ofHours(24))).isEqualTo(Duration.ofHours(24));
        assertThat(DeliverySchedule.next(2, Duration.ofHours(24).plusSeconds(1))).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void theNinthFailedAttemptStillHasTheLastDelayAndTheTenthHasNone() {
        assertThat(DeliverySchedule.next(9, Duration.ofDays(2))).isEqualTo(Duration.ofHours(24));
        assertThat(DeliverySchedule.next(10, null)).isNull();
        assertThat(DeliverySchedule.next(11, null)).isNull();
    }
}
