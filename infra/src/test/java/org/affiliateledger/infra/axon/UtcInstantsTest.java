package org.affiliateledger.infra.axon;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UtcInstantsTest {
    private static final long FROM = Instant.parse("1970-01-01T00:00:00Z").getEpochSecond();
    private static final long TO = Instant.parse("2400-12-31T23:59:59Z").getEpochSecond();
    private final ObjectMapper events = new AxonConfig().axonObjectMapper();

    @Test
    void readsTheStoredTimestampsAxonWritesAsAxonReadsThem() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            String stored = DateTimeUtils.formatInstant(Instant.ofEpochSecond(random.nextLong(FROM, TO), random.nextInt(1_000_000_000)));
            assertThat(UtcInstants.parseStored(stored)).as(stored).isEqualTo(DateTimeUtils.parseInstant(stored));
        }
    }

    @Test
    void theEventMapperReadsInstantsWithTheDirectReader() throws Exception {
        // the comparisons below would also hold with Jackson's own deserializer: this is what shows ours is the one used
        var context = ((com.fasterxml.jackson.databind.deser.DefaultDeserializationContext) events.getDeserializationContext())
                .createInstance(events.getDeserializationConfig(), null, null);
        assertThat(context.findRootValueDeserializer(events.constructType(Instant.class)))
                .isInstanceOf(UtcInstantDeserializer.class);
    }

    @Test
    void readsTheInstantsJacksonWritesAsJacksonReadsThem() throws Exception {
        ObjectMapper jackson = new ObjectMapper().findAndRegisterModules()
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            // whole seconds, milliseconds, microseconds and nanoseconds: ISO_INSTANT writes as many digits as it needs
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            String json = jackson.writeValueAsString(Instant.ofEpochSecond(random.nextLong(FROM, TO), nanos));
            assertThat(events.readValue(json, Instant.class)).as(json).isEqualTo(jackson.readValue(json, Instant.class));
        }
    }

    @Test
    void readsTheEdgesOfDaysMonthsAndLeapYears() {
        for (String text : new String[]{"2024-02-29T23:59:59.999Z", "2023-12-31T23:59:59.999999999Z", "2024-01-01T00:00:00Z",
                "2000-02-29T12:00:00.1Z", "1970-01-01T00:00:00.000Z", "2026-12-07T12:00:00.123Z"}) {
            assertThat(UtcInstants.parseOrNull(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void leavesOtherShapesToTheGeneralParser() {
        for (String text : new String[]{"2026-12-07T13:00:00.5+01:00", "2026-12-07T12:00:00.Z", "2026-12-07T12:00:00.1234567890Z",
                "2026-12-07 12:00:00Z", "2026-12-07T12:00Z", "1765108800"}) {
            assertThat(UtcInstants.parseOrNull(text)).as(text).isNull();
        }
        assertThat(UtcInstants.parseStored("2026-12-07T13:00:00.5+01:00")).isEqualTo(Instant.parse("2026-12-07T12:00:00.500Z"));
    }

    @Test
    void refusesWhatTheGeneralParsersRefuseAndReadsWhatTheyRead() throws Exception {
        ObjectMapper jackson = new ObjectMapper().findAndRegisterModules();
        for (String text : new String[]{"2026-13-07T12:00:00.000Z", "2026-02-29T12:00:00.000Z", "2026-12-07T24:00:00.000Z",
                "2026-12-07T12:60:00.000Z", "2026-12-07T23:59:60.000Z", "2026-12-07T12:00:61.000Z", "2026-12-0xT12:00:00.000Z",
                "not a time", "", "1765108800"}) {
            assertThat(UtcInstants.parseOrNull(text)).as(text).isNull();
            assertThat(outcome(() -> UtcInstants.parseStored(text))).as(text)
                    .isEqualTo(outcome(() -> DateTimeUtils.parseInstant(text)));
            String json = '"' + text + '"';
            assertThat(outcome(() -> events.readValue(json, Instant.class))).as(json)
                    .isEqualTo(outcome(() -> jackson.readValue(json, Instant.class)));
        }
        assertThatThrownBy(() -> UtcInstants.parseStored("2026-02-29T12:00:00.000Z")).isInstanceOf(DateTimeParseException.class);
        assertThat(events.readValue("1765108800.5", Instant.class)).as("a number still reads as epoch seconds")
                .isEqualTo(Instant.parse("2025-12-07T12:00:00.500Z"));
    }

    /** The value read, or the kind of exception thrown. */
    private static Object outcome(java.util.concurrent.Callable<Instant> read) {
        try {
            return read.call();
        } catch (Exception e) {
            return e.getClass();
        }
    }
}
