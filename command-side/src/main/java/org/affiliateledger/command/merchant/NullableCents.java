package org.affiliateledger.command.merchant;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * A PATCH field that can be set, removed or left alone: the field absent binds to null (unchanged), an explicit JSON
 * null to {@code NullableCents(null)} (remove), a whole number to its value. {@code Optional} cannot tell the first two apart.
 */
@JsonDeserialize(using = NullableCents.Reader.class)
public record NullableCents(Long value) {

    static final class Reader extends ValueDeserializer<NullableCents> {
        @Override
        public NullableCents deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                return (NullableCents) context.handleUnexpectedToken(Long.class, parser);
            }
            return new NullableCents(parser.getLongValue());
        }

        @Override
        public NullableCents getNullValue(DeserializationContext context) {
            return new NullableCents(null);
        }

        @Override
        public Object getAbsentValue(DeserializationContext context) {
            return null;
        }
    }
}
