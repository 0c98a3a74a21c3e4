package io.outboxfleet.workers.effect;

import java.util.List;
import java.util.Locale;

/**
 * The kinds of side effect. Each has its own consumer group, so a slow effect never holds up
 * another, and its own rows in {@code effect_log}.
 */
public enum Effect {
    EMAIL("fleet-email", List.of(Topics.ORDERS)),
    CRM("fleet-crm", List.of(Topics.ORDERS)),
    WEBHOOK("fleet-webhook", List.of(Topics.ORDERS, Topics.PRODUCTS, Topics.DOCUMENTS));

    private final String consumerGroup;
    private final List<String> topics;

    Effect(String consumerGroup, List<String> topics) {
        this.consumerGroup = consumerGroup;
        this.topics = topics;
    }

    public String consumerGroup() {
        return consumerGroup;
    }

    public List<String> topics() {
        return topics;
    }

    /** The name in {@code effect_log.effect} and in metric tags. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Kafka topics, one per aggregate type (docs/contract.md section 5). */
    public static final class Topics {
        public static final String ORDERS = "fleet.order.events";
        public static final String PRODUCTS = "fleet.product.events";
        public static final String DOCUMENTS = "fleet.document.events";
        public static final List<String> ALL = List.of(ORDERS, PRODUCTS, DOCUMENTS);

        private Topics() {}
    }
}
