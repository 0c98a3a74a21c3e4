package io.outboxfleet.command.order;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Idempotency keys of {@code POST /api/orders}.
 *
 * @param window how long a key's first answer is kept and replayed; a key older than this may be
 *     deleted and then acts as a new key. Default 24h.
 * @param cleanupInterval how often expired keys are deleted. Default 1h.
 */
@ConfigurationProperties("fleet.orders.idempotency")
record IdempotencyProperties(
        @DefaultValue("24h") Duration window, @DefaultValue("1h") Duration cleanupInterval) {}
