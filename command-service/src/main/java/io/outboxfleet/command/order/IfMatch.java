package io.outboxfleet.command.order;

import io.outboxfleet.command.web.ApiProblem;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code If-Match} header of order commands: a strong entity tag holding the order's version,
 * {@code "3"} (the ETag of GET /api/orders/{id}); a bare {@code 3} is accepted too. {@code *} or no
 * header means any version.
 */
final class IfMatch {

    private static final Pattern VERSION = Pattern.compile("\"?(\\d{1,18})\"?");

    private IfMatch() {}

    /** The expected version, or null for any. */
    static Long version(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return null;
        }
        Matcher m = VERSION.matcher(header.trim());
        if (!m.matches()) {
            throw ApiProblem.invalidField(
                    "If-Match", "must be the order's version as an entity tag, for example \"3\"");
        }
        return Long.parseLong(m.group(1));
    }
}
