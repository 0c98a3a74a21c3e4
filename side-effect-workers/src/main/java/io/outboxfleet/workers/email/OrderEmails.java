package io.outboxfleet.workers.email;

import io.outboxfleet.workers.effect.Effect;
import io.outboxfleet.workers.effect.EffectHandler;
import io.outboxfleet.workers.effect.EffectTarget;
import io.outboxfleet.workers.event.FleetEvent;
import io.outboxfleet.workers.event.Topics;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The email of each order event (docs/contract.md section 7): one message per event and recipient,
 * plain text and HTML from {@code email/<event type>.txt|.html}.
 */
@Configuration(proxyBeanMethods = false)
class OrderEmails {

    static final Effect EMAIL = Effect.of("email", List.of(Topics.ORDERS));

    @Bean
    Effect emailEffect() {
        return EMAIL;
    }

    @Bean
    EffectHandler orderReceivedEmail(SmtpMailer sender) {
        return handler(
                "order.created",
                sender,
                event ->
                        Email.of(
                                event.type(),
                                "Order received: " + event.requiredText("orderId"),
                                OrderEmailText.received(event)));
    }

    @Bean
    EffectHandler orderPaidEmail(SmtpMailer sender) {
        return handler(
                "order.paid",
                sender,
                event ->
                        Email.of(
                                event.type(),
                                "Payment received for order " + event.requiredText("orderId"),
                                OrderEmailText.receipt(event)));
    }

    @Bean
    EffectHandler orderCancelledEmail(SmtpMailer sender) {
        return handler(
                "order.cancelled",
                sender,
                event ->
                        Email.of(
                                event.type(),
                                "Order cancelled: " + event.requiredText("orderId"),
                                OrderEmailText.cancelled(event)));
    }

    private static EffectHandler handler(
            String type, SmtpMailer sender, Function<FleetEvent, Email> compose) {
        return new EffectHandler() {
            @Override
            public Effect effect() {
                return EMAIL;
            }

            @Override
            public Set<String> eventTypes() {
                return Set.of(type);
            }

            @Override
            public List<EffectTarget> plan(FleetEvent event) {
                String recipient = event.requiredText("customerEmail");
                compose.apply(event); // an event the email cannot be written from is refused now
                return List.of(EffectTarget.of(recipient, SmtpMailer.DESTINATION));
            }

            @Override
            public CompletableFuture<Void> perform(FleetEvent event, String recipient) {
                return sender.send(event.id(), recipient, compose.apply(event));
            }
        };
    }

    /** One email: subject, plain-text body and HTML body (from the event type's templates). */
    record Email(String subject, String text, String html) {
        static Email of(String eventType, String subject, java.util.Map<String, String> values) {
            return new Email(
                    subject,
                    EmailTemplates.text(eventType, values),
                    EmailTemplates.html(eventType, values));
        }
    }
}
