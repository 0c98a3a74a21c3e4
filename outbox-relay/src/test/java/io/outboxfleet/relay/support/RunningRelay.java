package io.outboxfleet.relay.support;

import static org.awaitility.Awaitility.await;

import io.outboxfleet.relay.OutboxRelayApplication;
import io.outboxfleet.testsupport.KafkaBroker;
import io.outboxfleet.testsupport.PostgresServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** One relay application context on a random port, against the shared Postgres and Kafka. */
public final class RunningRelay implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ConfigurableApplicationContext context;

    private RunningRelay(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * Starts a relay on the slot; {@code extraArgs} ({@code --key=value}) add settings or replace
     * the defaults below.
     */
    public static RunningRelay start(String slot, String... extraArgs) {
        PostgresServer pg = PostgresServer.shared();
        List<String> defaults =
                new ArrayList<>(
                        List.of(
                                "--server.port=0",
                                "--spring.datasource.url=" + pg.jdbcUrl(),
                                "--spring.datasource.username=" + PostgresServer.USER,
                                "--spring.datasource.password=" + PostgresServer.PASSWORD,
                                "--spring.kafka.bootstrap-servers="
                                        + KafkaBroker.bootstrapServers(),
                                "--fleet.relay.slot-name=" + slot,
                                "--fleet.relay.lock-poll-interval=300ms",
                                "--fleet.relay.slot-lag-interval=500ms",
                                "--fleet.relay.heartbeat-interval=1s",
                                "--logging.structured.format.console=",
                                "--logging.level.io.debezium=WARN",
                                "--logging.level.org.apache.kafka=WARN"));
        Map<String, String> settings = new LinkedHashMap<>();
        for (String arg : defaults) {
            settings.put(arg.substring(0, arg.indexOf('=')), arg);
        }
        for (String arg : extraArgs) {
            settings.put(arg.substring(0, arg.indexOf('=')), arg);
        }
        List<String> args = new ArrayList<>(settings.values());
        return new RunningRelay(
                new SpringApplicationBuilder(OutboxRelayApplication.class)
                        .run(args.toArray(String[]::new)));
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public String get(String path) {
        int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        try {
            HttpResponse<String> response =
                    HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String health() {
        return get("/actuator/health");
    }

    /** Waits until the relay component reports the role and, for an active relay, streaming. */
    public RunningRelay awaitRole(String role) {
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> {
                            String health = health();
                            return health.contains("\"role\":\"" + role + "\"")
                                    && (!role.equals("active")
                                            || health.contains("\"streaming\":true"));
                        });
        return this;
    }

    @Override
    public void close() {
        if (context.isActive()) {
            context.close();
        }
    }
}
