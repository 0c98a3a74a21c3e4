package io.outboxfleet.devsinks;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Starts the dev sinks: SMTP on {@code smtpPort}; on {@code httpPort} the CRM sink (any write to
 * any path), the webhook receiver ({@code POST /hooks/{name}}) and the viewer ({@code GET /_mails},
 * {@code /_crm}, {@code /_webhooks}, {@code /_health}, and {@code /_stats}: how many of each were
 * received since start, including those the viewer no longer lists). See {@link SinksConfig} for
 * the settings.
 */
public final class DevSinks implements AutoCloseable {

    /** Handler threads of the HTTP server: its requests never block, so two per core suffice. */
    private static final int HTTP_THREADS = 4;

    /**
     * Connections the kernel keeps waiting for accept. The JDK's default is 50: 400 clients
     * connecting at once overflowed it (705 ListenOverflows, each dropped handshake retried by TCP
     * after 1 s, then 2, 4 s), and a workers' pool may open up to 48 connections per destination at
     * once, two pools per host.
     */
    static final int ACCEPT_BACKLOG = 1024;

    private final MailSink mail;
    private final HttpServer http;
    private final ExecutorService httpThreads;

    private DevSinks(MailSink mail, HttpServer http, ExecutorService httpThreads) {
        this.mail = mail;
        this.http = http;
        this.httpThreads = httpThreads;
    }

    public static void main(String[] args) throws IOException {
        SinksConfig config = SinksConfig.fromEnvironment();
        DevSinks sinks = start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(sinks::close, "dev-sinks-shutdown"));
        SinkLog.line(
                "dev sinks up: smtp "
                        + config.host()
                        + ":"
                        + config.smtpPort()
                        + ", http http://"
                        + config.host()
                        + ":"
                        + config.httpPort()
                        + " (webhook secret file: "
                        + config.webhookSecretFile().map(Object::toString).orElse("none")
                        + ")");
    }

    /** Starts both servers; they run until {@link #close()}. */
    static DevSinks start(SinksConfig config) throws IOException {
        MailSink mail = new MailSink(config.host(), config.smtpPort(), config.logEach());
        mail.start();
        CrmSink crm = new CrmSink(config.logEach());
        WebhookReceiver webhooks =
                new WebhookReceiver(config.webhookSecretFile(), config.logEach());

        // The JDK server writes the headers and the body of a reply in two writes; with Nagle's
        // algorithm on, the second waits for the client's delayed ACK: a constant ~40 ms a request.
        System.setProperty("sun.net.httpserver.nodelay", "true");

        HttpServer http =
                HttpServer.create(
                        new InetSocketAddress(config.host(), config.httpPort()), ACCEPT_BACKLOG);
        http.createContext("/", crm);
        http.createContext("/hooks/", webhooks);
        http.createContext("/_mails", viewer(mail::mails));
        http.createContext("/_crm", viewer(crm::requests));
        http.createContext("/_webhooks", viewer(webhooks::deliveries));
        http.createContext("/_health", viewer(() -> Map.of("status", "UP")));
        http.createContext(
                "/_stats",
                viewer(
                        () ->
                                Map.of(
                                        "mails", mail.received(),
                                        "crm", crm.received(),
                                        "webhooks", webhooks.received())));
        ExecutorService httpThreads = Executors.newFixedThreadPool(HTTP_THREADS);
        http.setExecutor(httpThreads);
        http.start();
        return new DevSinks(mail, http, httpThreads);
    }

    private static HttpHandler viewer(Supplier<Object> content) {
        return exchange -> {
            if (!"GET".equals(exchange.getRequestMethod())) {
                HttpReplies.json(exchange, 405, Map.of("error", "the viewer answers GET only"));
                return;
            }
            HttpReplies.json(exchange, 200, content.get());
        };
    }

    @Override
    public void close() {
        http.stop(0);
        httpThreads.shutdownNow();
        mail.stop();
    }
}
