package io.outboxfleet.workers.email;

import io.outboxfleet.workers.effect.EffectFailure;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;

/**
 * Sends one email (plain text and HTML alternatives) through the {@link SmtpPool} with a Message-ID
 * derived from the event id, the same on every attempt.
 */
@Component
class SmtpMailer {

    /** The destination name of the SMTP server (its in-flight limit and circuit breaker). */
    static final String DESTINATION = "smtp";

    private static final String UTF_8 = "UTF-8";

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
                    // built with the Jakarta Mail API directly: Spring's MimeMessageHelper parses
                    // the MIME type map (mime.types) again for every message
                    MimeMessage message = new EventMimeMessage(session, eventId);
                    try {
                        message.setFrom(from);
                        message.setRecipients(
                                MimeMessage.RecipientType.TO,
                                InternetAddress.parse(recipient, true));
                        message.setSubject(email.subject(), UTF_8);
                        MimeBodyPart text = new MimeBodyPart();
                        text.setText(email.text(), UTF_8, "plain");
                        MimeBodyPart html = new MimeBodyPart();
                        html.setText(email.html(), UTF_8, "html");
                        message.setContent(new MimeMultipart("alternative", text, html));
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
