package io.outboxfleet.workers.email;

import io.outboxfleet.workers.effect.EffectFailure;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends one email (plain text and HTML alternatives) through the {@link SmtpPool} with a Message-ID
 * derived from the event id, the same on every attempt.
 */
@Component
class SmtpMailer {

    /** The destination name of the SMTP server (its in-flight limit and circuit breaker). */
    static final String DESTINATION = "smtp";

    private final SmtpPool pool;
    private final InternetAddress from;

    SmtpMailer(SmtpPool pool, EmailProperties properties) {
        this.pool = pool;
        try {
            this.from = new InternetAddress(properties.from());
        } catch (jakarta.mail.internet.AddressException e) {
            throw new IllegalStateException(e);
        }
    }

    CompletableFuture<Void> send(UUID eventId, String recipient, OrderEmails.Email email) {
        return pool.send(
                session -> {
                    MimeMessage message = new EventMimeMessage(session, eventId);
                    try {
                        MimeMessageHelper helper =
                                new MimeMessageHelper(
                                        message,
                                        MimeMessageHelper.MULTIPART_MODE_MIXED_RELATED,
                                        StandardCharsets.UTF_8.name());
                        helper.setFrom(from);
                        message.setRecipients(
                                MimeMessage.RecipientType.TO,
                                InternetAddress.parse(recipient, true));
                        helper.setSubject(email.subject());
                        helper.setText(email.text(), email.html());
                    } catch (MessagingException e) {
                        throw EffectFailure.permanent(
                                "cannot compose the email to '"
                                        + recipient
                                        + "': "
                                        + e.getMessage());
                    }
                    return message;
                });
    }
}
