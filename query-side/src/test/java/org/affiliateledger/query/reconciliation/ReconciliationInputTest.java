package org.affiliateledger.query.reconciliation;

import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.LedgerException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The query's parameters and the CSV's fields at their edges. */
class ReconciliationInputTest {

    @Test
    void atPositionIsAWholeNumberZeroOrMore() {
        assertThat(ReconciliationController.position(null)).isNull();
        assertThat(ReconciliationController.position("0")).isZero();
        assertThat(ReconciliationController.position(" 42 ")).isEqualTo(42L);
        for (String bad : List.of("-1", "1.5", "abc", "", "99999999999999999999")) {
            assertThatThrownBy(() -> ReconciliationController.position(bad)).as(bad)
                    .isInstanceOf(InvalidRequestException.class)
                    .extracting(e -> ((LedgerException) e).code()).isEqualTo("invalid_at_position");
        }
    }

    @Test
    void theCurrencyIsAnIsoCodeInUpperCase() {
        assertThat(ReconciliationController.currency(null)).isNull();
        assertThat(ReconciliationController.currency("eur")).isEqualTo("EUR");
        for (String bad : List.of("", " ", "XXY", "dollars")) {
            assertThatThrownBy(() -> ReconciliationController.currency(bad)).as(bad)
                    .isInstanceOf(InvalidRequestException.class)
                    .extracting(e -> ((LedgerException) e).code()).isEqualTo("invalid_currency");
        }
    }

    @Test
    void csvFieldsAreQuotedAndFormulasDefused() {
        assertThat(ReconciliationCsv.field("plain")).isEqualTo("plain");
        assertThat(ReconciliationCsv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(ReconciliationCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(ReconciliationCsv.field("two\nlines")).isEqualTo("\"two\nlines\"");
        for (String formula : List.of("=HYPERLINK(\"x\")", "+1", "-1", "@SUM(A1)", "\tx", "\rx")) {
            assertThat(ReconciliationCsv.text(formula)).as(formula).startsWith("'");
        }
        assertThat(ReconciliationCsv.text("ch_1")).isEqualTo("ch_1");
        assertThat(ReconciliationCsv.text(null)).isNull();
    }

    @Test
    void aStripeIdThatLooksLikeAFormulaIsDefusedInTheCsv() {
        Reconciler reconciler = new Reconciler(null, null, null);
        reconciler.accept(new LedgerEvent(7, "e7", "stripe:evt_1", Instant.parse("2026-03-01T00:00:00Z"),
                new org.affiliateledger.events.conversion.StripeActivityUnmatched("mer_1", "refund", "=cmd|' /C calc'!A0",
                        "re_1", 100, "USD")));
        String csv = ReconciliationCsv.of(reconciler.report(7));
        assertThat(csv).contains(",'=cmd|' /C calc'!A0,").endsWith("\r\n");
        assertThat(csv.split("\r\n")).hasSize(2);
    }
}
