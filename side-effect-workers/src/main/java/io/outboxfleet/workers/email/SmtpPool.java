package io.outboxfleet.workers.email;

import io.outboxfleet.workers.effect.EffectFailure;
import jakarta.activation.CommandMap;
import jakarta.activation.FileTypeMap;
import jakarta.activation.MailcapCommandMap;
import jakarta.activation.MimetypesFileTypeMap;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * A few SMTP sessions kept connected and reused across messages, each driven by its own thread
 * taking messages from one queue ({@code fleet.mail.connections}, default 4): no connection per
 * message, no thread per waiting message. A session that fails is closed and reconnected for the
 * next message; one idle for more than 10 s is checked (NOOP) before use. The Jakarta Mail {@link
 * Session}, the MIME type maps and the stream provider are set up once (looking them up per message
 * showed at the top of JFR profiles of the fat jar).
 */
@Component
class SmtpPool implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SmtpPool.class);
    private static final long IDLE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(10);

    static {
        // Jakarta Mail looks its StreamProvider up through ServiceLoader for every body part and
        // multipart it creates (a classpath scan of the nested fat jar each time); naming the
        // implementation makes that a class lookup
        String provider = "org.eclipse.angus.mail.util.MailStreamProvider";
        if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
            try {
                Class.forName(provider, false, SmtpPool.class.getClassLoader());
                System.setProperty("jakarta.mail.util.StreamProvider", provider);
            } catch (ClassNotFoundException absent) {
                log.debug("{} not on the classpath; Jakarta Mail finds its own", provider);
            }
        }
    }

    private record Job(Function<Session, MimeMessage> compose, CompletableFuture<Void> done) {}

    private final JavaMailSenderImpl smtp;
    private final Session session;
    private final BlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
    private final Thread[] senders;
    private volatile boolean running = true;

    SmtpPool(JavaMailSenderImpl smtp, EmailProperties properties) {
        this.smtp = smtp;
        CommandMap.setDefaultCommandMap(new MailcapCommandMap());
        FileTypeMap.setDefaultFileTypeMap(new MimetypesFileTypeMap());
        this.session = smtp.getSession();
        this.senders = new Thread[properties.connections()];
        for (int i = 0; i < senders.length; i++) {
            senders[i] = new Thread(this::drive, "smtp-session-" + (i + 1));
            senders[i].setDaemon(true);
            senders[i].start();
        }
    }

    /**
     * Composes (on a session's thread) and sends one message; completes once the server accepted
     * it.
     */
    CompletableFuture<Void> send(Function<Session, MimeMessage> compose) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        jobs.add(new Job(compose, done));
        return done;
    }

    private void drive() {
        Transport transport = null;
        long lastUse = 0;
        while (running) {
            Job job;
            try {
                job = jobs.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (job == null) {
                continue;
            }
            MimeMessage message;
            try {
                message = job.compose().apply(session);
                message.saveChanges();
            } catch (MessagingException | RuntimeException e) {
                job.done()
                        .completeExceptionally(
                                e instanceof EffectFailure f
                                        ? f
                                        : EffectFailure.permanent(
                                                "cannot compose the email: " + e.getMessage()));
                continue;
            }
            try {
                if (transport == null
                        || (System.nanoTime() - lastUse > IDLE_CHECK_NANOS
                                && !transport.isConnected())) {
                    close(transport);
                    transport = connect();
                }
                transport.sendMessage(message, message.getAllRecipients());
                lastUse = System.nanoTime();
                job.done().complete(null);
            } catch (SendFailedException e) {
                // the server refused a recipient: the session itself is fine
                lastUse = System.nanoTime();
                job.done()
                        .completeExceptionally(
                                EffectFailure.retryable(
                                        "SMTP server refused the message: " + e.getMessage(), e));
            } catch (MessagingException | RuntimeException e) {
                close(transport);
                transport = null;
                job.done()
                        .completeExceptionally(
                                EffectFailure.retryable(
                                        "SMTP server refused or unreachable: " + e.getMessage(),
                                        e));
            }
        }
        close(transport);
    }

    private Transport connect() throws MessagingException {
        Transport transport =
                session.getTransport(smtp.getProtocol() == null ? "smtp" : smtp.getProtocol());
        transport.connect(smtp.getHost(), smtp.getPort(), smtp.getUsername(), smtp.getPassword());
        return transport;
    }

    private static void close(Transport transport) {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException e) {
                log.debug("closing an SMTP session: {}", e.getMessage());
            }
        }
    }

    @Override
    public void destroy() {
        running = false;
        for (Thread sender : senders) {
            sender.interrupt();
        }
    }
}
