package io.outboxfleet.command.web;

import io.outboxfleet.security.web.PlainText;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * How request bodies are read beyond Boot's defaults: a key given twice in one object is a 400 (not
 * "last one wins"), a number or boolean where text belongs is a 400 (not coerced to text), and
 * every string value must be {@link PlainText} (a 400 naming its field otherwise), so the database
 * never sees NUL or a lone surrogate.
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

    @Bean
    JsonMapperBuilderCustomizer strictJsonReading() {
        return builder ->
                builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        .addModule(
                                new SimpleModule("plain-text")
                                        .addDeserializer(
                                                String.class, new PlainTextDeserializer()));
    }

    /** Jackson's own string reading, then the {@link PlainText} check. */
    static final class PlainTextDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT
                    || token == JsonToken.VALUE_NUMBER_FLOAT
                    || token == JsonToken.VALUE_TRUE
                    || token == JsonToken.VALUE_FALSE) {
                // a number or a boolean where text belongs is a wrong type, not text to coerce
                return (String) ctxt.handleUnexpectedToken(String.class, p);
            }
            String text = super.deserialize(p, ctxt);
            if (!PlainText.isValid(text)) {
                throw new NotPlainText(p, text);
            }
            return text;
        }
    }

    /** A string value that is not {@link PlainText}; Jackson adds the field's path. */
    static final class NotPlainText extends InvalidFormatException {
        NotPlainText(JsonParser p, String value) {
            super(p, PlainText.PROBLEM, value, String.class);
        }
    }
}
