package org.affiliateledger.command.apikey;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * {@code rate_limits} of a PATCH, merged field by field: {@code reset} when it was an explicit null (both limits back to
 * the default); otherwise each limit is absent (kept: null here), explicitly null (the default) or a number.
 */
@JsonDeserialize(using = LimitsPatch.Reader.class)
public record LimitsPatch(boolean reset, @Nullable Limit read, @Nullable Limit write) {

    /** One limit given: its value, or null for the server's default. */
    @JsonDeserialize(using = Limit.Reader.class)
    public record Limit(@Nullable Integer value) {
        static final class Reader extends ValueDeserializer<Limit> {
            @Override
            public Limit deserialize(JsonParser parser, DeserializationContext context) {
                if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                    return (Limit) context.handleUnexpectedToken(Integer.class, parser);
                }
                long value = parser.getLongValue();
                // out of range is refused by ApiKeyCommandController (Integer.MAX_VALUE stands for "too large")
                return new Limit((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value)));
            }

            @Override
            public Limit getNullValue(DeserializationContext context) {
                return new Limit(null);
            }

            @Override
            public Object getAbsentValue(DeserializationContext context) {
                return null;
            }
        }
    }

    /** The fields of the object, as given. */
    record Fields(@JsonProperty("read_per_minute") @Nullable Limit read, @JsonProperty("write_per_minute") @Nullable Limit write) {
    }

    static final class Reader extends ValueDeserializer<LimitsPatch> {
        @Override
        public LimitsPatch deserialize(JsonParser parser, DeserializationContext context) {
            Fields fields = context.readValue(parser, Fields.class);
            return new LimitsPatch(false, fields.read(), fields.write());
        }

        @Override
        public LimitsPatch getNullValue(DeserializationContext context) {
            return new LimitsPatch(true, null, null);
        }

        @Override
        public Object getAbsentValue(DeserializationContext context) {
            return null;
        }
    }
}
