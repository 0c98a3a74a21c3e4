package io.outboxfleet.devsinks;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An SMTP server (GreenMail) that accepts mail for anyone, with any or no login, and keeps it in
 * memory for the viewer.
 */
final class MailSink {

    private final GreenMail greenMail;

    MailSink(String host, int port) {
        this.greenMail =
                new GreenMail(new ServerSetup(port, host, ServerSetup.PROTOCOL_SMTP))
                        .withConfiguration(
                                GreenMailConfiguration.aConfig().withDisabledAuthentication());
    }

    void start() {
        greenMail.start();
    }

    void stop() {
        greenMail.stop();
    }

    /**
     * Received mails, oldest first, as maps of from, to, subject, messageId, receivedAt and text.
     */
    List<Map<String, Object>> mails() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            out.add(describe(message));
        }
        return out;
    }

    private static Map<String, Object> describe(MimeMessage message) {
        Map<String, Object> mail = new LinkedHashMap<>();
        try {
            mail.put("from", addresses(message.getFrom()));
            mail.put("to", addresses(message.getRecipients(Message.RecipientType.TO)));
            mail.put("cc", addresses(message.getRecipients(Message.RecipientType.CC)));
            mail.put("subject", message.getSubject());
            mail.put("messageId", message.getMessageID());
            mail.put(
                    "sentAt",
                    message.getSentDate() == null
                            ? null
                            : message.getSentDate().toInstant().toString());
            mail.put("text", text(message));
        } catch (MessagingException | IOException e) {
            mail.put("error", "could not read the message: " + e.getMessage());
        }
        return mail;
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null
                ? List.of()
                : Arrays.stream(addresses).map(Address::toString).toList();
    }

    /** The first text/plain part, else the first text part of any kind, else null. */
    private static String text(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            return String.valueOf(part.getContent());
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            String fallback = null;
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String found = text(child);
                if (found != null && child.isMimeType("text/plain")) {
                    return found;
                }
                if (fallback == null) {
                    fallback = found;
                }
            }
            return fallback;
        }
        if (part.isMimeType("text/*")) {
            return String.valueOf(part.getContent());
        }
        return null;
    }
}
