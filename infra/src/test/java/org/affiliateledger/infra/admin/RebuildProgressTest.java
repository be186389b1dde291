package org.affiliateledger.infra.admin;

import org.affiliateledger.infra.admin.ProjectionAdminController.Rebuild;
import org.affiliateledger.infra.admin.RebuildProgress.Sample;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RebuildProgressTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void halfwayAfterTwoSecondsFromTheStartIsFiftyPercentAtTheMeasuredSpeedWithTheTimeLeft() {
        Rebuild rebuild = RebuildProgress.of(1_000, 500L, new Sample(-1, 10 * SECOND), 12 * SECOND);

        assertThat(rebuild).isEqualTo(new Rebuild(1_000, 50.0, 250.0, 2L));
    }

    @Test
    void speedIsMeasuredSinceThePreviousLookWhenOneWasTaken() {
        Rebuild rebuild = RebuildProgress.of(1_000, 800L, new Sample(600, 0), 4 * SECOND);

        assertThat(rebuild.eventsPerSecond()).isEqualTo(50.0);
        assertThat(rebuild.etaSeconds()).isEqualTo(4L); // 200 left at 50/s
        assertThat(rebuild.percentDone()).isEqualTo(80.0);
    }

    @Test
    void aRebuildOfAnEmptyEventStoreIsDoneWithoutASpeed() {
        Rebuild rebuild = RebuildProgress.of(0, null, new Sample(-1, 0), SECOND);

        assertThat(rebuild).isEqualTo(new Rebuild(0, 100.0, null, null));
    }

    @Test
    void beforeTheFirstEventIsReplayedNothingIsDoneAndNoSpeedOrTimeLeftIsGuessed() {
        Rebuild rebuild = RebuildProgress.of(1_000, null, new Sample(-1, 0), SECOND);

        assertThat(rebuild).isEqualTo(new Rebuild(1_000, 0.0, null, null));
    }

    @Test
    void withoutAnEarlierSampleOrElapsedTimeThereIsNoSpeed() {
        assertThat(RebuildProgress.of(1_000, 300L, null, SECOND)).isEqualTo(new Rebuild(1_000, 30.0, null, null));
        assertThat(RebuildProgress.of(1_000, 300L, new Sample(-1, SECOND), SECOND)).isEqualTo(new Rebuild(1_000, 30.0, null, null));
    }

    @Test
    void noProgressSinceThePreviousLookGivesNoSpeedRatherThanAnInfiniteTimeLeft() {
        Rebuild rebuild = RebuildProgress.of(1_000, 400L, new Sample(400, 0), 3 * SECOND);

        assertThat(rebuild.eventsPerSecond()).isNull();
        assertThat(rebuild.etaSeconds()).isNull();
        assertThat(rebuild.percentDone()).isEqualTo(40.0);
    }

    @Test
    void eventsWrittenAfterTheRebuildStartedDoNotPushItPastAHundredPercentOrBelowZeroSecondsLeft() {
        // the head moved on while replaying: the lowest segment is already beyond the position the replay runs up to
        Rebuild rebuild = RebuildProgress.of(1_000, 1_200L, new Sample(-1, 0), 2 * SECOND);

        assertThat(rebuild.percentDone()).isEqualTo(100.0);
        assertThat(rebuild.etaSeconds()).isZero();
        assertThat(rebuild.eventsPerSecond()).isEqualTo(600.0);
    }

    @Test
    void aReplayThatReachedItsEndIsDoneWithNothingLeft() {
        Rebuild rebuild = RebuildProgress.of(1_000, 1_000L, new Sample(-1, 0), 4 * SECOND);

        assertThat(rebuild).isEqualTo(new Rebuild(1_000, 100.0, 250.0, 0L));
    }

    @Test
    void percentAndSpeedAreRoundedToOneDecimal() {
        Rebuild rebuild = RebuildProgress.of(3, 1L, new Sample(-1, 0), 3 * SECOND);

        assertThat(rebuild.percentDone()).isEqualTo(33.3);
        assertThat(rebuild.eventsPerSecond()).isEqualTo(0.3);
        assertThat(rebuild.etaSeconds()).isEqualTo(6L); // 2 left at 1/3 per second
    }
}
