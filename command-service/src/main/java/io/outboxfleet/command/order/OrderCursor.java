package io.outboxfleet.command.order;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Position in the newest-first order list: the (createdAt, id) of the last order of a page. Clients
 * see it only as an opaque base64url token; its layout may change between versions.
 */
record OrderCursor(Instant createdAt, UUID id) {

    private static final String VERSION = "o1";

    static OrderCursor after(Order order) {
        return new OrderCursor(order.createdAt(), order.id());
    }

    String encode() {
        String plain = VERSION + "|" + createdAt + "|" + id;
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor of a token, or empty when the token was not made by {@link #encode()}. */
    static Optional<OrderCursor> decode(String token) {
        try {
            String[] parts =
                    new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8)
                            .split("\\|");
            if (parts.length != 3 || !VERSION.equals(parts[0])) {
                return Optional.empty();
            }
            return Optional.of(new OrderCursor(Instant.parse(parts[1]), UUID.fromString(parts[2])));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
