package io.outboxfleet.workers.email;

import io.outboxfleet.workers.effect.Effect;
import io.outboxfleet.workers.effect.EffectAction;
import io.outboxfleet.workers.effect.EffectHandler;
import io.outboxfleet.workers.event.FleetEvent;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The email of each order event (docs/contract.md section 7): one message per event and recipient,
 * plain text and HTML from {@code email/<event type>.txt|.html}.
 */
@Configuration(proxyBeanMethods = false)
class OrderEmails {

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
                return Effect.EMAIL;
            }

            @Override
            public Set<String> eventTypes() {
                return Set.of(type);
            }

            @Override
            public List<EffectAction> actions(FleetEvent event) {
                String recipient = event.requiredText("customerEmail");
                Email email = compose.apply(event);
                return List.of(
                        new EffectAction(
                                recipient,
                                SmtpMailer.DESTINATION,
                                () -> sender.send(event.id(), recipient, email)));
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
