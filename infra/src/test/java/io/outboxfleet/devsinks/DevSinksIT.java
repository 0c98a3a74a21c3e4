package io.outboxfleet.devsinks;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The running sinks, driven over real SMTP and HTTP on free ports. */
class DevSinksIT {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @TempDir static Path dir;

    private static DevSinks sinks;
    private static int smtpPort;
    private static String base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        Path secretFile = dir.resolve("demo-webhook.secret");
        Files.writeString(secretFile, SECRET + "\n");
        smtpPort = freePort();
        int httpPort = freePort();
        sinks =
                DevSinks.start(
                        new SinksConfig(
                                "127.0.0.1", smtpPort, httpPort, Optional.of(secretFile), true));
        base = "http://127.0.0.1:" + httpPort;
    }

    @AfterAll
    static void stop() {
        sinks.close();
    }

    @Test
    void aMailSentOverSmtpShowsUpInTheViewer() throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(smtpPort));
        MimeMessage message =
                new MimeMessage(Session.getInstance(props)) {
                    @Override
                    protected void updateMessageID() throws jakarta.mail.MessagingException {
                        setHeader("Message-ID", "<evt-42@fleet.local>");
                    }
                };
        message.setFrom(new InternetAddress("orders@fleet.local"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("alice@example.com"));
        message.setSubject("Order received: ord-42");
        message.setText("Thank you for order ord-42.", "UTF-8");
        Transport.send(message);

        String mails = get("/_mails");
        assertThat(mails)
                .contains("\"subject\":\"Order received: ord-42\"")
                .contains("\"messageId\":\"<evt-42@fleet.local>\"")
                .contains("alice@example.com")
                .contains("orders@fleet.local")
                .contains("Thank you for order ord-42.");
    }

    @Test
    void oneConnectionCarriesManyLoggedInMailsAndTheViewerKeepsTheLastThousand() throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(smtpPort));
        props.put("mail.smtp.auth", "true");
        Session session = Session.getInstance(props);
        int sent = MailSink.CAPACITY + 20;
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect("any-user", "any-password");
            for (int i = 0; i < sent; i++) {
                MimeMessage message = new MimeMessage(session);
                message.setFrom(new InternetAddress("orders@fleet.local"));
                message.setRecipient(
                        Message.RecipientType.TO, new InternetAddress("bulk@example.com"));
                message.setSubject("Bulk " + i);
                message.setText(".a line starting with a dot\nmail " + i, "UTF-8");
                message.saveChanges();
                transport.sendMessage(message, message.getAllRecipients());
            }
        }

        String mails = get("/_mails");
        assertThat(mails)
                .contains("\"subject\":\"Bulk " + (sent - 1) + "\"")
                .contains(".a line starting with a dot")
                .doesNotContain("\"subject\":\"Bulk 0\"");
        assertThat(mails.split("\"messageId\"", -1)).hasSize(MailSink.CAPACITY + 1);
        long counted = Long.parseLong(get("/_stats").replaceAll("(?s).*\"mails\":(\\d+).*", "$1"));
        assertThat(counted).isGreaterThanOrEqualTo(sent);
    }

    @Test
    void crmWritesAreAnswered200AndListed() throws Exception {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(base + "/deals/ord-7"))
                                .header("Idempotency-Key", "evt-7")
                                .header("Authorization", "Bearer crm-token")
                                .PUT(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"orderId\":\"ord-7\",\"status\":\"PAID\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(get("/_crm"))
                .contains("\"method\":\"PUT\"")
                .contains("\"path\":\"/deals/ord-7\"")
                .contains("\"idempotencyKey\":\"evt-7\"")
                .contains("\\\"status\\\":\\\"PAID\\\"")
                .doesNotContain("crm-token");
    }

    @Test
    void webhooksAreRecordedWithTheirSignatureVerdict() throws Exception {
        String body = "{\"type\":\"order.created\",\"data\":{\"orderId\":\"ord-9\"}}";
        String good =
                StandardWebhookSignature.sign(
                        SECRET, "evt-good", "1700000000", body.getBytes(StandardCharsets.UTF_8));
        postWebhook("evt-good", good, body);
        postWebhook("evt-bad", "v1,AAAA", body);

        String webhooks = get("/_webhooks");
        assertThat(webhooks)
                .contains(
                        "\"webhookId\":\"evt-good\",\"webhookTimestamp\":\"1700000000\",\"signature\":\"valid\"")
                .contains(
                        "\"webhookId\":\"evt-bad\",\"webhookTimestamp\":\"1700000000\",\"signature\":\"invalid\"")
                .contains("\"hook\":\"demo\"");
    }

    private void postWebhook(String id, String signature, String body) throws Exception {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(base + "/hooks/demo"))
                                .header("webhook-id", id)
                                .header("webhook-timestamp", "1700000000")
                                .header("webhook-signature", signature)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
