package io.outboxfleet.workers.email;

import io.outboxfleet.workers.event.FleetEvent;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;

/** The template values of the order emails, taken from the event's payload. */
final class OrderEmailText {

    private OrderEmailText() {}

    static Map<String, String> received(FleetEvent event) {
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder();
        String currency = event.requiredText("currency");
        for (JsonNode item : event.payload().path("items")) {
            String line =
                    item.path("quantity").asLong()
                            + " x "
                            + firstText(item, "name", "sku", "productId")
                            + (item.hasNonNull("unitPriceCents")
                                    ? " at " + money(item.path("unitPriceCents").asLong(), currency)
                                    : "");
            text.append("  ").append(line).append('\n');
            html.append("  <li>").append(HtmlUtils.htmlEscape(line)).append("</li>\n");
        }
        Map<String, String> values = base(event);
        values.put("items", text.toString());
        values.put("itemsHtml", html.toString());
        values.put("total", money(event.requiredLong("totalCents"), currency));
        return values;
    }

    static Map<String, String> receipt(FleetEvent event) {
        Map<String, String> values = base(event);
        values.put(
                "total", money(event.requiredLong("totalCents"), event.requiredText("currency")));
        return values;
    }

    static Map<String, String> cancelled(FleetEvent event) {
        return base(event);
    }

    static String money(long cents, String currency) {
        return BigDecimal.valueOf(cents, 2).toPlainString() + " " + currency;
    }

    private static Map<String, String> base(FleetEvent event) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("orderId", event.requiredText("orderId"));
        return values;
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
