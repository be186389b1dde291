package org.affiliateledger.events.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommissionRateTest {

    @ParameterizedTest(name = "{0} cents at {1}% earns {2} cents")
    @CsvSource({
            "4900,          10,     490",
            "125,           10,     12",    // 12.5 → 12 (round half to even)
            "135,           10,     14",    // 13.5 → 14 (round half to even)
            "115,           10,     12",    // 11.5 → 12
            "4900,          12.5,   612",   // 612.5 → 612
            "4901,          12.5,   613",   // 612.625 → 613
            "4899,          12.5,   612",   // 612.375 → 612
            "1,             0.0001, 0",
            "1,             50,     0",     // 0.5 → 0
            "3,             50,     2",     // 1.5 → 2
            "0,             37.25,  0",
            "999,           0,      0",
            "1000000000000, 100,    1000000000000",
            "9223372036854775807, 100, 9223372036854775807",
            "10000,         33.3333, 3333", // 3333.33
            "10000,         99.9999, 10000" // 9999.99 → 10000
    })
    void computesTheCommissionAsAmountTimesRateOverAHundredRoundedHalfEvenToTheCent(long amount, String rate, long expected) {
        assertThat(CommissionRate.of(rate).commissionOn(amount)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" is kept as \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "10.00    | 10",
            "' 12.50 '| 12.5",
            "12.5     | 12.5",
            "100      | 100",
            "100.0000 | 100",
            "0        | 0",
            "0.000    | 0",
            "-0       | 0",
            "+7.25    | 7.25",
            "0.0001   | 0.0001",
            "1e1      | 10",
            "12.50000 | 12.5"   // trailing zeros do not count as decimals
    })
    void normalisesTheRateToItsCanonicalPlainForm(String raw, String canonical) {
        assertThat(CommissionRate.of(raw).percent()).isEqualTo(canonical);
        assertThat(new CommissionRate(raw)).isEqualTo(CommissionRate.of(canonical));
    }

    @Test
    void ratesThatDifferOnlyInNotationAreEqual() {
        assertThat(CommissionRate.of("10.0")).isEqualTo(CommissionRate.of("10"));
        assertThat(CommissionRate.of("10.0").hashCode()).isEqualTo(CommissionRate.of("10").hashCode());
        assertThat(CommissionRate.of("10.01")).isNotEqualTo(CommissionRate.of("10.1"));
    }

    @ParameterizedTest(name = "refuses a missing rate: [{0}]")
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t \n"})
    void refusesAMissingRate(String raw) {
        assertThatThrownBy(() -> CommissionRate.of(raw))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("rate must be a percent string such as \"10\" or \"12.5\"");
    }

    @ParameterizedTest(name = "refuses the non-number \"{0}\"")
    @ValueSource(strings = {"abc", "10%", "1,5", "NaN", "Infinity", "12.5.1", "0x10", "--1"})
    void refusesARateThatIsNotANumber(String raw) {
        assertThatThrownBy(() -> CommissionRate.of(raw))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("rate \"" + raw + "\" is not a number; give a percent string such as \"10\" or \"12.5\"");
    }

    @ParameterizedTest(name = "refuses {0} as outside 0–100")
    @ValueSource(strings = {"-1", "-0.0001", "100.01", "100.0001", "101", "1e3", "1E+3"})
    void refusesARateOutsideZeroToAHundredPercent(String raw) {
        assertThatThrownBy(() -> CommissionRate.of(raw))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("rate " + raw + " is outside 0–100 percent");
    }

    @ParameterizedTest(name = "refuses {0} for having more than four decimals")
    @ValueSource(strings = {"0.00001", "12.12345", "99.99999", "1.000010"})
    void refusesARateWithMoreThanFourDecimals(String raw) {
        assertThatThrownBy(() -> CommissionRate.of(raw))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("rate " + raw + " has more than four decimals");
    }

    /**
     * 10,000 seeded random (amount, rate) pairs against an independent integer computation:
     * a rate with four decimals is r / 10^4 percent, so the commission is amount × r / 10^6, rounded half to even.
     */
    @Test
    void agreesWithAnIndependentIntegerHalfEvenComputationForRandomAmountsAndRates() {
        Random random = new Random(42);
        int ties = 0;
        for (int i = 0; i < 10_000; i++) {
            long amount = switch (i % 4) {
                case 0 -> random.nextInt(10_000);
                case 1 -> random.nextLong(1_000_000_000_000L);
                case 2 -> random.nextLong(Long.MAX_VALUE);
                default -> random.nextInt(200) * 5L;   // many exact halves at whole and half percents
            };
            long scaledRate = switch (i % 3) {
                case 0 -> random.nextInt(1_000_001);            // anything from 0.0000 to 100.0000
                case 1 -> random.nextInt(201) * 5_000L;         // whole and half percents
                default -> random.nextInt(101) * 10_000L;       // whole percents
            };
            String rate = plain(scaledRate);

            CommissionRate commissionRate = CommissionRate.of(rate);
            long expected = halfEven(BigInteger.valueOf(amount).multiply(BigInteger.valueOf(scaledRate)),
                    BigInteger.TEN.pow(6));
            BigInteger[] qr = BigInteger.valueOf(amount).multiply(BigInteger.valueOf(scaledRate))
                    .divideAndRemainder(BigInteger.TEN.pow(6));
            if (qr[1].shiftLeft(1).equals(BigInteger.TEN.pow(6))) {
                ties++;
            }

            assertThat(commissionRate.commissionOn(amount))
                    .as("%d cents at %s%%", amount, rate)
                    .isEqualTo(expected);
            assertThat(commissionRate.percent()).as("canonical form of %s", rate).isEqualTo(stripTrailingZeros(rate));
        }
        assertThat(ties).as("the sample must exercise exact halves").isGreaterThan(100);
    }

    /** r / 10^4 written with exactly four decimals, built from digits rather than BigDecimal. */
    private static String plain(long scaledRate) {
        String fraction = String.valueOf(scaledRate % 10_000);
        return (scaledRate / 10_000) + "." + "0".repeat(4 - fraction.length()) + fraction;
    }

    private static String stripTrailingZeros(String decimal) {
        String s = decimal;
        while (s.endsWith("0")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static long halfEven(BigInteger numerator, BigInteger denominator) {
        BigInteger[] qr = numerator.divideAndRemainder(denominator);
        BigInteger quotient = qr[0];
        int half = qr[1].shiftLeft(1).compareTo(denominator);
        if (half > 0 || (half == 0 && quotient.testBit(0))) {
            quotient = quotient.add(BigInteger.ONE);
        }
        return quotient.longValueExact();
    }
}
