package io.outboxfleet.workers.crm;

import io.outboxfleet.workers.effect.Effect;
import io.outboxfleet.workers.effect.EffectAction;
import io.outboxfleet.workers.effect.EffectHandler;
import io.outboxfleet.workers.event.FleetEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * CRM sync of each order event (docs/contract.md section 7). Targets are {@code
 * contact:<customerId>} and {@code deal:<orderId>}.
 */
@Configuration(proxyBeanMethods = false)
class CrmSync {

    @Bean
    EffectHandler crmOrderCreated(CrmClient crm) {
        return handler("order.created", crm, "PENDING_PAYMENT", true);
    }

    @Bean
    EffectHandler crmOrderPaid(CrmClient crm) {
        return handler("order.paid", crm, "PAID", false);
    }

    @Bean
    EffectHandler crmOrderCancelled(CrmClient crm) {
        return handler("order.cancelled", crm, "CANCELLED", false);
    }

    private static EffectHandler handler(
            String type, CrmClient crm, String dealStatus, boolean withContact) {
        return new EffectHandler() {
            @Override
            public Effect effect() {
                return Effect.CRM;
            }

            @Override
            public Set<String> eventTypes() {
                return Set.of(type);
            }

            @Override
            public List<EffectAction> actions(FleetEvent event) {
                String orderId = event.requiredText("orderId");
                String customerId = event.requiredText("customerId");
                List<EffectAction> actions = new ArrayList<>();
                if (withContact) {
                    Map<String, Object> contact =
                            Map.of(
                                    "customerId",
                                    customerId,
                                    "email",
                                    event.requiredText("customerEmail"));
                    actions.add(
                            new EffectAction(
                                    "contact:" + customerId,
                                    CrmClient.DESTINATION,
                                    () -> crm.putContact(event.id(), customerId, contact)));
                }
                Map<String, Object> deal = deal(event, orderId, customerId, dealStatus);
                actions.add(
                        new EffectAction(
                                "deal:" + orderId,
                                CrmClient.DESTINATION,
                                () -> crm.putDeal(event.id(), orderId, deal)));
                return actions;
            }
        };
    }

    /** amountCents and currency are sent when the event carries them (order.cancelled need not). */
    private static Map<String, Object> deal(
            FleetEvent event, String orderId, String customerId, String status) {
        Map<String, Object> deal = new LinkedHashMap<>();
        deal.put("orderId", orderId);
        deal.put("customerId", customerId);
        if (event.payload().hasNonNull("totalCents")) {
            deal.put("amountCents", event.requiredLong("totalCents"));
        }
        if (event.payload().hasNonNull("currency")) {
            deal.put("currency", event.requiredText("currency"));
        }
        deal.put("status", status);
        return deal;
    }
}
