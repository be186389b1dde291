package org.affiliateledger.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScaleReportTest {

    @Test
    void replacesOnlyTheScaleSectionBetweenItsMarkers() {
        String published = "# Benchmarks\n\nfull run\n\n" + ScaleReport.BEGIN + "\nold figures\n" + ScaleReport.END + "\ntail\n";
        String section = ScaleReport.BEGIN + "\nnew figures\n" + ScaleReport.END + "\n";

        String updated = ScaleReport.into(published, section);

        assertThat(updated).isEqualTo("# Benchmarks\n\nfull run\n\n" + section + "tail\n");
    }

    @Test
    void appendsTheSectionWhenTheFileHasNoneYet() {
        String section = ScaleReport.BEGIN + "\nfigures\n" + ScaleReport.END + "\n";

        assertThat(ScaleReport.into("# Benchmarks\n", section)).isEqualTo("# Benchmarks\n\n" + section);
    }
}
