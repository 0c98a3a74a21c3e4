package io.outboxfleet.devsinks;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The SMTP sink: accepts mail for anyone, with any or no login ({@link SmtpServer}), and keeps the
 * last {@link #CAPACITY} messages, raw, for the viewer; they are parsed only when the viewer asks.
 */
final class MailSink {

    static final int CAPACITY = 1000;

    private final SmtpServer server;
    private final Recorded<Stored> received = new Recorded<>(CAPACITY);
    private final boolean logMessages;

    private record Stored(Instant receivedAt, SmtpServer.Received message) {}

    MailSink(String host, int port, boolean logMessages) {
        this.server = new SmtpServer(host, port, this::record);
        this.logMessages = logMessages;
    }

    void start() throws IOException {
        server.start();
    }

    void stop() {
        server.stop();
    }

    private void record(SmtpServer.Received message) {
        received.add(new Stored(Instant.now(), message));
        if (logMessages) {
            SinkLog.line(
                    "mail from=<"
                            + message.mailFrom()
                            + "> to="
                            + message.rcptTo()
                            + " bytes="
                            + message.raw().length);
        }
    }

    /** How many were received since start. */
    long received() {
        return received.total();
    }

    /**
     * The last received mails, oldest first, as maps of from, to, cc, subject, messageId, sentAt,
     * receivedAt and text.
     */
    List<Map<String, Object>> mails() {
        Session session = Session.getInstance(new Properties());
        List<Map<String, Object>> out = new ArrayList<>();
        for (Stored stored : received.all()) {
            Map<String, Object> mail;
            try {
                mail =
                        describe(
                                new MimeMessage(
                                        session, new ByteArrayInputStream(stored.message().raw())));
            } catch (MessagingException e) {
                mail = new LinkedHashMap<>();
                mail.put("error", "could not parse the message: " + e.getMessage());
            }
            mail.put("receivedAt", stored.receivedAt().toString());
            out.add(mail);
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
