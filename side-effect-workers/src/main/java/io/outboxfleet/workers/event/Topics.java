package io.outboxfleet.workers.event;

import java.util.List;

/** Kafka topics of the events, one per aggregate type (docs/contract.md section 5). */
public final class Topics {
    public static final String ORDERS = "fleet.order.events";
    public static final String PRODUCTS = "fleet.product.events";
    public static final String DOCUMENTS = "fleet.document.events";
    public static final List<String> ALL = List.of(ORDERS, PRODUCTS, DOCUMENTS);

    private Topics() {}
}
