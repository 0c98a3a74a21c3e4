package io.outboxfleet.bench.modulith;

import org.springframework.modulith.events.Externalized;

/** The event the peer's order service publishes; externalized to Kafka, keyed by id. */
@Externalized(OrderService.TOPIC + "::#{id()}")
public record OrderPlaced(String id, String customerEmail, long totalCents, String currency) {}
