package io.outboxfleet.kafkaclient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on the fleet's Kafka topics, as ACLs for a broker that authorises (Kafka's {@code
 * StandardAuthorizer} with {@code allow.everyone.if.no.acl.found=false}); the local broker of
 * {@code ./fleet up} and the tests' broker apply exactly these. Each service is one user:
 *
 * <ul>
 *   <li>{@value #RELAY}: the only writer of the event and row-change topics (every topic named
 *       {@code fleet.*} but the dead letters); creates them (the broker creates a topic on first
 *       use);
 *   <li>{@value #WORKERS}: reads the fleet's topics in consumer groups {@code fleet-*}, writes only
 *       the dead letters, may create topics (it declares the event topics with their partitions);
 *   <li>{@value #COMMAND_SERVICE}: reads the row-change topics {@code fleet.rows.*} (the change
 *       stream) in groups {@code fleet-changes-*}.
 * </ul>
 *
 * <p>A {@code DENY} binding keeps the relay off the dead letters; Kafka lets a deny win over any
 * allow. CREATE is not WRITE: the consumers keep the right to create the topics they subscribe to
 * (a consumer's metadata request creates a missing topic, and a principal that may not is refused
 * with an authorization error instead of waiting for the topic), so start order does not matter.
 */
public final class FleetAcls {

    public static final String RELAY = "relay";
    public static final String WORKERS = "workers";
    public static final String COMMAND_SERVICE = "command-service";

    /** Every topic of the fleet starts with this. */
    public static final String TOPIC_PREFIX = "fleet.";

    /** The relay's row-change topics ({@code fleet.rows.{table}}). */
    public static final String ROW_TOPIC_PREFIX = "fleet.rows.";

    /** The workers' dead letters, written by them only. */
    public static final String DEAD_LETTER_TOPIC = "fleet.dead-letters";

    /** The workers' consumer groups ({@code fleet-email}, ...). */
    public static final String WORKER_GROUP_PREFIX = "fleet-";

    /** The command-service's change-feed groups (one per process start). */
    public static final String CHANGE_FEED_GROUP_PREFIX = "fleet-changes-";

    private static final int APPLY_SECONDS = 30;

    private FleetAcls() {}

    /** The bindings, every one ALLOW but the relay's DENY on the dead letters. */
    public static List<AclBinding> bindings() {
        List<AclBinding> acls = new ArrayList<>();
        ResourcePattern fleetTopics = prefixed(ResourceType.TOPIC, TOPIC_PREFIX);
        ResourcePattern deadLetters =
                new ResourcePattern(ResourceType.TOPIC, DEAD_LETTER_TOPIC, PatternType.LITERAL);
        for (AclOperation op :
                List.of(AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.CREATE)) {
            acls.add(allow(RELAY, fleetTopics, op));
        }
        acls.add(binding(RELAY, deadLetters, AclOperation.WRITE, AclPermissionType.DENY));

        for (AclOperation op :
                List.of(AclOperation.READ, AclOperation.DESCRIBE, AclOperation.CREATE)) {
            acls.add(allow(WORKERS, fleetTopics, op));
        }
        acls.add(allow(WORKERS, deadLetters, AclOperation.WRITE));
        acls.add(
                allow(
                        WORKERS,
                        prefixed(ResourceType.GROUP, WORKER_GROUP_PREFIX),
                        AclOperation.READ));

        ResourcePattern rowTopics = prefixed(ResourceType.TOPIC, ROW_TOPIC_PREFIX);
        for (AclOperation op :
                List.of(AclOperation.READ, AclOperation.DESCRIBE, AclOperation.CREATE)) {
            acls.add(allow(COMMAND_SERVICE, rowTopics, op));
        }
        acls.add(
                allow(
                        COMMAND_SERVICE,
                        prefixed(ResourceType.GROUP, CHANGE_FEED_GROUP_PREFIX),
                        AclOperation.READ));
        return List.copyOf(acls);
    }

    /**
     * Puts {@link #bindings()} in place on a running broker (again: existing ones are kept), as a
     * user that may alter ACLs, whose address and credentials are read from {@code
     * FLEET_KAFKA_BOOTSTRAP} and the {@code FLEET_KAFKA_*} settings of {@link KafkaClientSecurity}.
     * Waits at most {@value #APPLY_SECONDS} s.
     */
    public static void apply(String bootstrap, KafkaClientSecurity admin) throws Exception {
        Map<String, Object> config = new HashMap<>(admin.kafkaProperties());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, APPLY_SECONDS * 1000);
        try (Admin client = Admin.create(config)) {
            client.createAcls(bindings()).all().get(APPLY_SECONDS, TimeUnit.SECONDS);
        }
    }

    /**
     * {@code ./fleet up} runs this once its broker listens: the environment names the broker and
     * the super user. Prints one line; exits 1 with one line on stderr when the ACLs could not be
     * put in place.
     */
    public static void main(String[] args) {
        String bootstrap = System.getenv().getOrDefault("FLEET_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
        try {
            apply(bootstrap, KafkaClientSecurity.read(s -> System.getenv(s.variable())));
            System.out.println(bindings().size() + " ACLs in place on " + bootstrap);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            System.err.println(
                    "cannot put the ACLs in place on " + bootstrap + ": " + cause.getMessage());
            System.exit(1);
        }
    }

    private static ResourcePattern prefixed(ResourceType type, String prefix) {
        return new ResourcePattern(type, prefix, PatternType.PREFIXED);
    }

    private static AclBinding allow(String user, ResourcePattern resource, AclOperation op) {
        return binding(user, resource, op, AclPermissionType.ALLOW);
    }

    private static AclBinding binding(
            String user, ResourcePattern resource, AclOperation op, AclPermissionType permission) {
        return new AclBinding(
                resource, new AccessControlEntry("User:" + user, "*", op, permission));
    }
}
