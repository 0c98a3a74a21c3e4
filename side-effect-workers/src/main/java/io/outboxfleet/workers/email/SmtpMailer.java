package io.outboxfleet.workers.email;

import io.outboxfleet.workers.effect.EffectFailure;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends one email (plain text and HTML alternatives) over SMTP with a Message-ID derived from the
 * event id.
 */
@Component
class SmtpMailer {

    /** The destination name of the SMTP server's circuit breaker and bulkhead. */
    static final String DESTINATION = "smtp";

    private final JavaMailSenderImpl smtp;
    private final EmailProperties properties;

    SmtpMailer(JavaMailSenderImpl smtp, EmailProperties properties) {
        this.smtp = smtp;
        this.properties = properties;
    }

    void send(UUID eventId, String recipient, OrderEmails.Email email) {
        MimeMessage message = new EventMimeMessage(smtp.getSession(), eventId);
        try {
            MimeMessageHelper helper =
                    new MimeMessageHelper(
                            message,
                            MimeMessageHelper.MULTIPART_MODE_MIXED_RELATED,
                            StandardCharsets.UTF_8.name());
            helper.setFrom(new InternetAddress(properties.from()));
            message.setRecipients(
                    MimeMessage.RecipientType.TO, InternetAddress.parse(recipient, true));
            helper.setSubject(email.subject());
            helper.setText(email.text(), email.html());
        } catch (MessagingException e) {
            throw EffectFailure.permanent(
                    "cannot compose the email to '" + recipient + "': " + e.getMessage());
        }
        try {
            smtp.send(message);
        } catch (MailException e) {
            throw EffectFailure.retryable(
                    "SMTP server refused or unreachable: " + e.getMessage(), e);
        }
    }
}
