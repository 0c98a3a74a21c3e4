package io.outboxfleet.workers.effect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outboxfleet.workers.event.FleetEvent;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class EffectHandlersTest {

    private static final Effect EMAIL = Effect.of("email", List.of("fleet.order.events"));
    private static final Effect CRM = Effect.of("crm", List.of("fleet.order.events"));
    private static final Effect WEBHOOK = Effect.of("webhook", List.of("fleet.order.events"));

    private final EffectHandler orderEmail = handler(EMAIL, "order.created");
    private final EffectHandler webhooks =
            handler(WEBHOOK, "order.created", "product.stock_changed");

    @Test
    void findsTheHandlerOfAnEffectByEventType() {
        EffectHandlers handlers = new EffectHandlers(List.of(orderEmail, webhooks));

        assertThat(handlers.find(EMAIL, "order.created")).containsSame(orderEmail);
        assertThat(handlers.find(WEBHOOK, "product.stock_changed")).containsSame(webhooks);
    }

    @Test
    void aKnownTypeWithoutHandlerForAnEffectIsNotThatEffectsBusiness() {
        EffectHandlers handlers = new EffectHandlers(List.of(orderEmail, webhooks));

        assertThat(handlers.find(EMAIL, "product.stock_changed")).isEmpty();
        assertThat(handlers.isKnown("product.stock_changed")).isTrue();
        assertThat(handlers.find(CRM, "order.created")).isEmpty();
    }

    @Test
    void aTypeNoEffectHandlesIsUnknown() {
        EffectHandlers handlers = new EffectHandlers(List.of(orderEmail, webhooks));

        assertThat(handlers.isKnown("order.teleported")).isFalse();
        assertThat(handlers.find(WEBHOOK, "order.teleported")).isEmpty();
        assertThat(handlers.knownTypes())
                .containsExactlyInAnyOrder("order.created", "product.stock_changed");
    }

    @Test
    void effectsAreFoundByTheirLabel() {
        EffectHandlers handlers = new EffectHandlers(List.of(orderEmail, webhooks));

        assertThat(handlers.effect("email")).contains(EMAIL);
        assertThat(handlers.effects()).containsExactlyInAnyOrder(EMAIL, WEBHOOK);
        assertThat(handlers.effect("fax")).isEmpty();
    }

    @Test
    void twoHandlersForTheSameEffectAndTypeAreRefused() {
        assertThatThrownBy(
                        () ->
                                new EffectHandlers(
                                        List.of(orderEmail, handler(EMAIL, "order.created"))))
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
            public List<EffectTarget> plan(FleetEvent event) {
                return List.of();
            }

            @Override
            public CompletableFuture<Void> perform(FleetEvent event, String target) {
                return CompletableFuture.completedFuture(null);
            }
        };
    }
}
