package org.affiliateledger.command.affiliate;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

import java.math.BigDecimal;

/**
 * PATCH fields that can be set, removed or left alone: the field absent binds to null (unchanged), an explicit JSON
 * null to a value holding null (remove), anything else to its value. {@code Optional} cannot tell the first two apart.
 */
final class NullableValue {
    private NullableValue() {
    }

    /** A text field: only a JSON string or null is accepted. */
    @JsonDeserialize(using = Text.Reader.class)
    record Text(@Nullable String value) {
        static final class Reader extends ValueDeserializer<Text> {
            @Override
            public Text deserialize(JsonParser parser, DeserializationContext context) {
                if (parser.currentToken() != JsonToken.VALUE_STRING) {
                    return (Text) context.handleUnexpectedToken(String.class, parser);
                }
                return new Text(parser.getString());
            }

            @Override
            public Text getNullValue(DeserializationContext context) {
                return new Text(null);
            }

            @Override
            public Object getAbsentValue(DeserializationContext context) {
                return null;
            }
        }
    }

    /** A JSON number (a fraction such as 0.2) or null. */
    @JsonDeserialize(using = Fraction.Reader.class)
    record Fraction(@Nullable BigDecimal value) {
        static final class Reader extends ValueDeserializer<Fraction> {
            @Override
            public Fraction deserialize(JsonParser parser, DeserializationContext context) {
                if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT && parser.currentToken() != JsonToken.VALUE_NUMBER_FLOAT) {
                    return (Fraction) context.handleUnexpectedToken(BigDecimal.class, parser);
                }
                return new Fraction(parser.getDecimalValue());
            }

            @Override
            public Fraction getNullValue(DeserializationContext context) {
                return new Fraction(null);
            }

            @Override
            public Object getAbsentValue(DeserializationContext context) {
                return null;
            }
        }
    }
}
