package io.outboxfleet.workers.email;

import io.outboxfleet.workers.event.FleetEvent;
import java.math.BigDecimal;
import tools.jackson.databind.JsonNode;

/** Plain-text bodies of the order emails. */
final class OrderEmailText {

    private OrderEmailText() {
    }

    static String received(FleetEvent event) {
        StringBuilder text = new StringBuilder()
                .append("Thank you for your order ").append(event.requiredText("orderId")).append(".\n\n")
                .append("Items:\n");
        String currency = event.requiredText("currency");
        for (JsonNode item : event.payload().path("items")) {
            String product = firstText(item, "name", "sku", "productId");
            long quantity = item.path("quantity").asLong();
            text.append("  ").append(quantity).append(" x ").append(product);
            if (item.hasNonNull("unitPriceCents")) {
                text.append(" at ").append(money(item.path("unitPriceCents").asLong(), currency));
            }
            text.append('\n');
        }
        return text.append("\nTotal: ").append(money(event.requiredLong("totalCents"), currency)).append("\n\n")
                .append("We will let you know when your payment is confirmed.\n")
                .toString();
    }

    static String receipt(FleetEvent event) {
        return "We received your payment of " + money(event.requiredLong("totalCents"), event.requiredText("currency"))
                + " for order " + event.requiredText("orderId") + ".\n";
    }

    static String cancelled(FleetEvent event) {
        return "Your order " + event.requiredText("orderId") + " has been cancelled.\n";
    }

    static String money(long cents, String currency) {
        return BigDecimal.valueOf(cents, 2).toPlainString() + " " + currency;
    }

    private static String firstText(JsonNode item, String... fields) {
        for (String field : fields) {
            if (item.hasNonNull(field)) {
                return item.get(field).asString();
            }
        }
        return "item";
    }
}
