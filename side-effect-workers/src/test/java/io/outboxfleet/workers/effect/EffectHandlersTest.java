package io.outboxfleet.workers.effect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outboxfleet.workers.event.FleetEvent;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EffectHandlersTest {

    private final EffectHandler orderEmail = handler(Effect.EMAIL, "order.created");
    private final EffectHandler webhooks =
            handler(Effect.WEBHOOK, "order.created", "product.stock_changed");

    @Test
    void findsTheHandlerOfAnEffectByEventType() {
        EffectHandlers handlers = new EffectHandlers(List.of(orderEmail, webhooks));

        assertThat(handlers.find(Effect.EMAIL, "order.created")).containsSame(orderEmail);
        assertThat(handlers.find(Effect.WEBHOOK, "product.stock_changed")).containsSame(webhooks);
    }

    @Test
    void aKnownTypeWithoutHandlerForAnEffectIsNotThatEffectsBusiness() {
        EffectHandlers handlers = new EffectHandlers(List.of(orderEmail, webhooks));

        assertThat(handlers.find(Effect.EMAIL, "product.stock_changed")).isEmpty();
        assertThat(handlers.isKnown("product.stock_changed")).isTrue();
        assertThat(handlers.find(Effect.CRM, "order.created")).isEmpty();
    }

    @Test
    void aTypeNoEffectHandlesIsUnknown() {
        EffectHandlers handlers = new EffectHandlers(List.of(orderEmail, webhooks));

        assertThat(handlers.isKnown("order.teleported")).isFalse();
        assertThat(handlers.find(Effect.WEBHOOK, "order.teleported")).isEmpty();
        assertThat(handlers.knownTypes())
                .containsExactlyInAnyOrder("order.created", "product.stock_changed");
    }

    @Test
    void twoHandlersForTheSameEffectAndTypeAreRefused() {
        assertThatThrownBy(
                        () ->
                                new EffectHandlers(
                                        List.of(
                                                orderEmail,
                                                handler(Effect.EMAIL, "order.created"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two email handlers for order.created");
    }

    @Test
    void httpStatusesAreClassifiedOnce() {
        assertThat(EffectFailure.forHttpStatus("crm", 500, null, null))
                .isInstanceOf(EffectFailure.Retryable.class);
        assertThat(EffectFailure.forHttpStatus("crm", 429, null, null))
                .isInstanceOf(EffectFailure.Retryable.class);
        assertThat(EffectFailure.forHttpStatus("crm", 408, null, null))
                .isInstanceOf(EffectFailure.Retryable.class);
        assertThat(EffectFailure.forHttpStatus("crm", 400, null, null))
                .isInstanceOf(EffectFailure.Permanent.class);
        assertThat(EffectFailure.forHttpStatus("crm", 404, null, null))
                .isInstanceOf(EffectFailure.Permanent.class);
    }

    private static EffectHandler handler(Effect effect, String... types) {
        return new EffectHandler() {
            @Override
            public Effect effect() {
                return effect;
            }

            @Override
            public Set<String> eventTypes() {
                return Set.of(types);
            }

            @Override
            public List<EffectAction> actions(FleetEvent event) {
                return List.of();
            }
        };
    }
}
