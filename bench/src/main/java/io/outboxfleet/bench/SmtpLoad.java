package io.outboxfleet.bench;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;

/**
 * SMTP capacity: sends {@code --count} order-sized mails over one connection kept open, like a
 * pooled transport does, and prints {@code sent=.. seconds=.. rate=..}.
 */
public final class SmtpLoad {

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int count = args.integer("count", 5000);
        Properties props = new Properties();
        props.put("mail.smtp.host", args.get("host", "127.0.0.1"));
        props.put("mail.smtp.port", args.get("port", "3025"));
        Session session = Session.getInstance(props);
        String text = "Thank you for your order 6f0c3d1e. We will let you know when it ships.\n";
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("orders@fleet.local"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("alice@example.com"));
        message.setSubject("Order received: 6f0c3d1e");
        message.setText(text.repeat(20), "UTF-8");
        message.saveChanges();
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            for (int i = 0; i < count / 10; i++) {
                transport.sendMessage(message, message.getAllRecipients()); // warm-up
            }
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                transport.sendMessage(message, message.getAllRecipients());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("sent=%d seconds=%.2f rate=%.0f%n", count, seconds, count / seconds);
        }
    }
}
