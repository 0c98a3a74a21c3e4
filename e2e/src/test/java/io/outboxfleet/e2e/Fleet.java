package io.outboxfleet.e2e;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.outboxfleet.kafkaclient.FleetAcls;
import io.outboxfleet.testsupport.KafkaProcess;
import io.outboxfleet.testsupport.PostgresServer;
import io.outboxfleet.testsupport.RecordingHttpServer;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system for end-to-end tests: a real Postgres cluster, a real Kafka broker in its own
 * process (so a drill can stop it) that authenticates (SCRAM) and authorises (ACLs) as the local
 * stack's does, each service connecting as its own Kafka user, a real SMTP server (GreenMail), real
 * HTTP servers standing in for the CRM and a webhook subscriber, and the three services as separate
 * processes. Started once per test JVM, stopped at exit.
 */
final class Fleet {

    static final String CRM_TOKEN = "e2e-crm-token";
    static final String PAYMENTS_SECRET = "whsec_e2e_payments";

    private static Fleet started;

    final PostgresServer postgres = PostgresServer.shared();
    final KafkaProcess kafka = KafkaProcess.startSecured();
    private final ServerSetup smtpSetup;

    /** Emails received by SMTP servers stopped by a drill (GreenMail forgets them at stop). */
    private final List<MimeMessage> emailsBeforeRestarts = new ArrayList<>();

    GreenMail smtp;
    final RecordingHttpServer crm = new RecordingHttpServer();
    final RecordingHttpServer subscriber = new RecordingHttpServer();
    final ServiceProcess commandService;
    final ServiceProcess relay;
    final ServiceProcess workers;
    private final Map<String, String> env = new HashMap<>();

    private Fleet() {
        smtpSetup = new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        smtp = new GreenMail(smtpSetup);
        smtp.start();
        env.put("FLEET_DB_URL", postgres.jdbcUrl());
        env.put("FLEET_DB_USER", PostgresServer.USER);
        env.put("FLEET_DB_PASSWORD", PostgresServer.PASSWORD);
        env.put("FLEET_SMTP_HOST", "127.0.0.1");
        env.put("FLEET_SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()));
        env.put("FLEET_MAIL_FROM", "orders@fleet.local");
        env.put("FLEET_CRM_BASE_URL", crm.baseUrl());
        env.put("FLEET_CRM_TOKEN", CRM_TOKEN);
        env.put("FLEET_JWT_SECRET", DevTokens.SECRET);
        env.put("FLEET_PAYMENTS_WEBHOOK_SECRET", PAYMENTS_SECRET);
        // sealing key of the webhook secrets at rest (command-service seals, workers open)
        env.put("FLEET_SECRETS_KEY", "e2e:ZTJlLWtleS1vZi10aGUtZmxlZXQtd2ViaG9vay1zZWM=");
        env.put("FLEET_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true");
        env.put("FLEET_RETRY_INITIAL_DELAY", "200ms");
        env.put("FLEET_RETRY_MAX_DELAY", "2s");
        commandService =
                new ServiceProcess("command-service", freePort(), envOf(FleetAcls.COMMAND_SERVICE));
        relay = new ServiceProcess("outbox-relay", freePort(), envOf(FleetAcls.RELAY));
        workers = new ServiceProcess("side-effect-workers", freePort(), envOf(FleetAcls.WORKERS));
        // command-service first: it migrates the schema the others expect
        commandService.start();
        relay.start();
        workers.start();
    }

    static synchronized Fleet get() {
        if (started == null) {
            started = new Fleet();
            Runtime.getRuntime().addShutdownHook(new Thread(started::stopAll, "fleet-stop"));
        }
        return started;
    }

    /** Every email received since the fleet started, also across SMTP server restarts. */
    synchronized List<MimeMessage> emails() {
        List<MimeMessage> all = new ArrayList<>(emailsBeforeRestarts);
        all.addAll(Arrays.asList(smtp.getReceivedMessages()));
        return all;
    }

    /** Stops the SMTP server: connections are refused until {@link #startSmtp()}. */
    synchronized void stopSmtp() {
        emailsBeforeRestarts.addAll(Arrays.asList(smtp.getReceivedMessages()));
        smtp.stop();
    }

    /** Starts an SMTP server again on the same port. */
    synchronized void startSmtp() {
        smtp = new GreenMail(smtpSetup);
        smtp.start();
    }

    /** A second relay on the same slot, standing by until the active one dies. */
    ServiceProcess startStandbyRelay() {
        ServiceProcess standby =
                new ServiceProcess("outbox-relay", freePort(), envOf(FleetAcls.RELAY));
        standby.start();
        return standby;
    }

    /** The shared settings plus the Kafka address and credentials of one service's Kafka user. */
    private Map<String, String> envOf(String kafkaUser) {
        Map<String, String> own = new HashMap<>(env);
        own.putAll(kafka.serviceEnvironment(kafkaUser));
        return own;
    }

    private void stopAll() {
        workers.stop();
        relay.stop();
        commandService.stop();
        smtp.stop();
        kafka.close();
        crm.close();
        subscriber.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
