package io.outboxfleet.workers.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.util.UUID;

/**
 * A message whose {@code Message-ID} is derived from the event id, so a repeated send (after a
 * crash between sending and recording it) is recognisable as the same message. JavaMail would
 * otherwise replace it with a random id when the message is saved.
 */
final class EventMimeMessage extends MimeMessage {

    private final String messageId;

    EventMimeMessage(Session session, UUID eventId) {
        super(session);
        this.messageId = messageIdFor(eventId);
    }

    static String messageIdFor(UUID eventId) {
        return "<" + eventId + "@outbox-fleet>";
    }

    @Override
    protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", messageId);
    }
}
