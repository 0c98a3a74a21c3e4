package io.outboxfleet.workers.email;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.util.HtmlUtils;

/**
 * The email bodies in {@code src/main/resources/email/<event type>.txt} and {@code .html}, with
 * {@code {{name}}} placeholders. Values are HTML-escaped in the HTML body; a value whose name ends
 * in {@code Html} is inserted as it is (it was built from escaped parts). Adding an email = two
 * template files and a handler bean.
 */
final class EmailTemplates {

    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private EmailTemplates() {}

    static String text(String eventType, Map<String, String> values) {
        return render(load(eventType + ".txt"), values, false);
    }

    static String html(String eventType, Map<String, String> values) {
        return render(load(eventType + ".html"), values, true);
    }

    static String render(String template, Map<String, String> values, boolean html) {
        String result = template;
        for (Map.Entry<String, String> value : values.entrySet()) {
            String replacement =
                    html && !value.getKey().endsWith("Html")
                            ? HtmlUtils.htmlEscape(value.getValue())
                            : value.getValue();
            result = result.replace("{{" + value.getKey() + "}}", replacement);
        }
        return result;
    }

    private static String load(String name) {
        return CACHE.computeIfAbsent(
                name,
                n -> {
                    try (InputStream in = EmailTemplates.class.getResourceAsStream("/email/" + n)) {
                        if (in == null) {
                            throw new IllegalStateException("no email template email/" + n);
                        }
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}
