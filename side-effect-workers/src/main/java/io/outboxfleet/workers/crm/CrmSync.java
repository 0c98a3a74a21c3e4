package io.outboxfleet.workers.crm;

import io.outboxfleet.workers.effect.Effect;
import io.outboxfleet.workers.effect.EffectFailure;
import io.outboxfleet.workers.effect.EffectHandler;
import io.outboxfleet.workers.effect.EffectTarget;
import io.outboxfleet.workers.event.FleetEvent;
import io.outboxfleet.workers.event.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * CRM sync of each order event (docs/contract.md section 7). Targets are {@code
 * contact:<customerId>} and {@code deal:<orderId>}; both are full-state upserts, so a queued one
 * that a newer queued one of the same entity replaces is skipped ({@code superseded}). A contact's
 * upserts form one ordering group per customer (whatever the order), so the newest state is
 * delivered last.
 */
@Configuration(proxyBeanMethods = false)
class CrmSync {

    static final Effect CRM = Effect.of("crm", List.of(Topics.ORDERS));

    private static final String CONTACT = "contact:";
    private static final String DEAL = "deal:";

    @Bean
    Effect crmEffect() {
        return CRM;
    }

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
                return CRM;
            }

            @Override
            public Set<String> eventTypes() {
                return Set.of(type);
            }

            @Override
            public List<EffectTarget> plan(FleetEvent event) {
                String orderId = event.requiredText("orderId");
                String customerId = event.requiredText("customerId");
                List<EffectTarget> targets = new ArrayList<>();
                if (withContact) {
                    event.requiredText("customerEmail");
                    String contact = CONTACT + customerId;
                    targets.add(new EffectTarget(contact, CrmClient.DESTINATION, contact, true));
                }
                deal(event, orderId, customerId, dealStatus);
                targets.add(new EffectTarget(DEAL + orderId, CrmClient.DESTINATION, null, true));
                return targets;
            }

            @Override
            public CompletableFuture<Void> perform(FleetEvent event, String target) {
                String customerId = event.requiredText("customerId");
                if (target.startsWith(CONTACT)) {
                    Map<String, Object> contact =
                            Map.of(
                                    "customerId",
                                    customerId,
                                    "email",
                                    event.requiredText("customerEmail"));
                    return crm.putContact(event.id(), customerId, contact);
                }
                if (target.startsWith(DEAL)) {
                    String orderId = event.requiredText("orderId");
                    return crm.putDeal(
                            event.id(), orderId, deal(event, orderId, customerId, dealStatus));
                }
                throw EffectFailure.permanent("not a CRM target: " + target);
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
