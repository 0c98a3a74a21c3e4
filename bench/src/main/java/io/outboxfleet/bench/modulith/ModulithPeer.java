package io.outboxfleet.bench.modulith;

import io.outboxfleet.bench.PeerRun;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * Peer: what a Spring user picks instead of a relay: Spring Modulith's JDBC event publication
 * registry (table {@code event_publication}) with Kafka externalization. An order service inserts
 * its row and publishes an {@code @Externalized} event in one transaction; after the commit the
 * registry's listener sends it to Kafka ({@code bench-modulith}) and marks the publication
 * completed. Measured like the polling peer (see {@link PeerRun}).
 */
@SpringBootApplication
@EnableAsync
public class ModulithPeer {

    public static void main(String[] argv) throws Exception {
        PeerRun run = PeerRun.of(argv);
        SpringApplication app = new SpringApplication(ModulithPeer.class);
        app.setDefaultProperties(
                Map.of(
                        "spring.datasource.url",
                        run.dbUrl(),
                        "spring.datasource.username",
                        run.dbUser(),
                        "spring.datasource.password",
                        run.dbPassword(),
                        "spring.kafka.bootstrap-servers",
                        run.bootstrap(),
                        "spring.kafka.producer.acks",
                        "all",
                        "spring.modulith.events.jdbc.schema-initialization.enabled",
                        "true",
                        "spring.main.banner-mode",
                        "off",
                        "logging.level.root",
                        "warn"));
        try (ConfigurableApplicationContext context = app.run()) {
            OrderService orders = context.getBean(OrderService.class);
            orders.prepare();
            run.measure(
                    "modulith",
                    OrderService.TOPIC,
                    orders::placeOrder,
                    orders::placeBacklog,
                    new String[] {"event_publication", OrderService.TABLE});
        }
        System.exit(0);
    }
}
