package io.outboxfleet.workers;

import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.outboxfleet.testsupport.JdkTools;
import io.outboxfleet.testsupport.KafkaBroker;
import io.outboxfleet.testsupport.PostgresServer;
import io.outboxfleet.workers.fixtures.EventProducer;
import io.outboxfleet.workers.fixtures.ProcStat;
import io.outboxfleet.workers.fixtures.ScriptedHttpServer;
import io.outboxfleet.workers.fixtures.TestEvent;
import io.outboxfleet.workers.fixtures.WorkerProcess;
import io.outboxfleet.workers.fixtures.WorkersScenario;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Not a test (no assertion on timings): a measurement run on demand, {@code ./mvnw -pl
 * side-effect-workers -am verify -Dit.test=BacklogDrainMeasurement -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}. The packaged workers, stopped while {@code
 * drain.orders} order.created events (4 effects each: 1 email, 2 CRM upserts, 1 webhook) are
 * published, then started: prints effects/s and CPU per effect (from /proc) of the worker, of
 * Postgres (this cluster's processes) and of this JVM (the Kafka broker and the sinks), first cold
 * (the JVM just started), then warm (a second backlog, published faster than it drains, to the
 * running worker). Then the deliveries/s one webhook endpoint answering in {@code drain.slowMillis}
 * ms receives from a backlog. {@code -Ddrain.jfr=true} records JFR profiles of the warm round and
 * of the idle worker to target/drain-warm.jfr and target/drain-idle.jfr.
 */
class BacklogDrainMeasurement {

    private static final int ORDERS = Integer.getInteger("drain.orders", 5000);
    private static final int SLOW_EVENTS = Integer.getInteger("drain.slowEvents", 1500);
    private static final int SLOW_MILLIS = Integer.getInteger("drain.slowMillis", 200);

    @Test
    void drain() throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", "smtp"));
        smtp.start();
        try (ScriptedHttpServer crm = new ScriptedHttpServer();
                ScriptedHttpServer subscriber = new ScriptedHttpServer()) {
            String database = WorkerProcess.freshDatabase("workers_drain");
            Map<String, String> env = new HashMap<>();
            env.put("FLEET_DB_URL", database);
            env.put("FLEET_DB_USER", PostgresServer.USER);
            env.put("FLEET_DB_PASSWORD", PostgresServer.PASSWORD);
            env.put("FLEET_KAFKA_BOOTSTRAP", KafkaBroker.bootstrapServers());
            env.put("FLEET_SMTP_HOST", "127.0.0.1");
            env.put("FLEET_SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()));
            env.put("FLEET_CRM_BASE_URL", crm.baseUrl());
            env.put("FLEET_CRM_TOKEN", "drain-token");
            env.put("FLEET_JWT_SECRET", WorkersScenario.JWT_SECRET);
            env.put("FLEET_SECRETS_KEY", WorkersScenario.SECRETS_KEY);
            env.put("FLEET_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true");
            env.put("FLEET_TOPICS_CONSUMER_GROUP_SUFFIX", "-drain-" + UUID.randomUUID());
            env.put("SPRING_KAFKA_CONSUMER_AUTO_OFFSET_RESET", "latest");

            // 1. start once so the consumer groups exist at the end of the topics, then stop
            try (WorkerProcess first = new WorkerProcess("drain-setup", env)) {
                first.start();
                endpoint(database, subscriber.baseUrl() + "/hooks", "order.created");
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .until(
                                () -> {
                                    EventProducer.send(TestEvent.of("order.created"));
                                    return smtp.getReceivedMessages().length > 0;
                                });
                Thread.sleep(2000);
            }
            long before = count(database, "select count(*) from effect_log");

            // 2. the backlog, published while no worker runs
            EventProducer.sendAll(orders(ORDERS));
            long expected = before + 4L * ORDERS;

            // 3. start and drain, cold
            try (WorkerProcess worker = new WorkerProcess("drain", env)) {
                long startNanos = System.nanoTime();
                worker.start();
                System.out.printf(
                        "worker start to healthy: %.1f s%n",
                        (System.nanoTime() - startNanos) / 1e9);
                CpuSnapshot cold = CpuSnapshot.of(worker, database);
                awaitLogged(database, expected);
                cold.print("DRAIN cold", 4L * ORDERS);

                // 4. warm: a second backlog, published while the worker runs
                if (Boolean.getBoolean("drain.jfr")) {
                    jcmd(worker, "JFR.start", "name=warm", "settings=profile");
                }
                CpuSnapshot warm = CpuSnapshot.of(worker, database);
                EventProducer.sendAll(orders(ORDERS));
                awaitLogged(database, expected + 4L * ORDERS);
                warm.print("DRAIN warm", 4L * ORDERS);
                if (Boolean.getBoolean("drain.jfr")) {
                    jcmd(
                            worker,
                            "JFR.dump",
                            "name=warm",
                            "filename=" + Path.of("target/drain-warm.jfr").toAbsolutePath());
                    jcmd(worker, "JFR.stop", "name=warm");
                }

                // 5. idle CPU, once the JIT compiler has caught up with the drain (right after
                // it, C2 compiles for tens of seconds: a core, JFR ThreadCPULoad)
                Thread.sleep(Long.getLong("drain.settleSeconds", 30) * 1000);
                if (Boolean.getBoolean("drain.jfr")) {
                    jcmd(worker, "JFR.start", "name=idle", "settings=profile");
                }
                Duration idleStart = worker.cpuTime();
                Thread.sleep(10_000);
                if (Boolean.getBoolean("drain.jfr")) {
                    jcmd(
                            worker,
                            "JFR.dump",
                            "name=idle",
                            "filename=" + Path.of("target/drain-idle.jfr").toAbsolutePath());
                    jcmd(worker, "JFR.stop", "name=idle");
                }
                System.out.printf(
                        "IDLE worker CPU over 10 s: %d ms (%.1f%% of a core)%n",
                        worker.cpuTime().minus(idleStart).toMillis(),
                        worker.cpuTime().minus(idleStart).toMillis() / 100.0);

                // 6. one destination answering in SLOW_MILLIS ms, from a backlog
                subscriber.answerAfter(Duration.ofMillis(SLOW_MILLIS));
                endpoint(database, subscriber.baseUrl() + "/slow", "product.stock_changed");
                long hooksBefore = subscriber.requests().size();
                List<TestEvent> stock = new ArrayList<>();
                for (int i = 0; i < SLOW_EVENTS; i++) {
                    stock.add(TestEvent.of("product.stock_changed"));
                }
                long slowStart = System.nanoTime();
                EventProducer.sendAll(stock);
                await().atMost(Duration.ofMinutes(5))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> subscriber.requests("POST", "/slow").size() >= SLOW_EVENTS);
                double slowSeconds = (System.nanoTime() - slowStart) / 1e9;
                System.out.printf(
                        "SLOW destination (%d ms per answer): %d deliveries in %.2f s = %.0f/s (other hooks %d)%n",
                        SLOW_MILLIS,
                        SLOW_EVENTS,
                        slowSeconds,
                        SLOW_EVENTS / slowSeconds,
                        subscriber.requests().size() - hooksBefore - SLOW_EVENTS);
            }
        } finally {
            smtp.stop();
        }
    }

    private static List<TestEvent> orders(int n) {
        List<TestEvent> orders = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            orders.add(TestEvent.of("order.created"));
        }
        return orders;
    }

    private static void awaitLogged(String database, long effects) {
        await().atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> count(database, "select count(*) from effect_log") >= effects);
    }

    private static void jcmd(WorkerProcess worker, String... command) throws Exception {
        List<String> line = new ArrayList<>();
        line.add(JdkTools.executable("jcmd"));
        line.add(Long.toString(worker.pid()));
        line.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(line).inheritIO().start();
        if (!jcmd.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            jcmd.destroyForcibly();
            throw new IllegalStateException("jcmd did not finish: " + line);
        }
    }

    /**
     * CPU used so far by the worker, by this database's Postgres cluster (the postmaster, its live
     * children, and the children it reaped) and by this JVM (the Kafka broker and the sinks), and
     * when.
     */
    private record CpuSnapshot(
            WorkerProcess worker,
            String database,
            long nanos,
            Duration workerCpu,
            Duration postgresCpu,
            Duration ownCpu) {

        static CpuSnapshot of(WorkerProcess worker, String database) throws Exception {
            return new CpuSnapshot(
                    worker,
                    database,
                    System.nanoTime(),
                    worker.cpuTime(),
                    clusterCpu(database),
                    thisJvmCpu());
        }

        void print(String label, long effects) throws Exception {
            double seconds = (System.nanoTime() - nanos) / 1e9;
            double worker = worker().cpuTime().minus(workerCpu).toNanos() / 1e6 / effects;
            double postgres = clusterCpu(database).minus(postgresCpu).toNanos() / 1e6 / effects;
            double own = thisJvmCpu().minus(ownCpu).toNanos() / 1e6 / effects;
            System.out.printf(
                    "%s: %d effects in %.2f s = %.0f effects/s; CPU per effect: worker %.3f ms,"
                            + " Postgres %.3f ms, Kafka broker + sinks (test JVM) %.3f ms, total %.3f ms"
                            + " (%.2f cores busy)%n",
                    label,
                    effects,
                    seconds,
                    effects / seconds,
                    worker,
                    postgres,
                    own,
                    worker + postgres + own,
                    (worker + postgres + own) * effects / 1000.0 / seconds);
        }
    }

    private static Duration thisJvmCpu() {
        return Duration.ofNanos(
                ((com.sun.management.OperatingSystemMXBean)
                                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime());
    }

    /** The postmaster of this database's cluster and all its children, reaped ones included. */
    private static Duration clusterCpu(String database) throws Exception {
        long backend = count(database, "select pg_backend_pid()");
        long postmaster = ProcStat.of(backend).ppid();
        long ticks = 0;
        try (java.util.stream.Stream<Path> processes = java.nio.file.Files.list(Path.of("/proc"))) {
            for (Path process : processes.toList()) {
                String name = process.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                ProcStat stat;
                try {
                    stat = ProcStat.of(pid);
                } catch (java.io.IOException gone) {
                    continue;
                }
                if (pid == postmaster) {
                    ticks += stat.ticks() + stat.childTicks();
                } else if (stat.ppid() == postmaster) {
                    ticks += stat.ticks();
                }
            }
        }
        return ProcStat.ofTicks(ticks);
    }

    private static String endpoint(String database, String url, String type) throws Exception {
        try (Connection c =
                        DriverManager.getConnection(
                                database, PostgresServer.USER, PostgresServer.PASSWORD);
                PreparedStatement insert =
                        c.prepareStatement(
                                "insert into webhook_endpoints (url, secret, event_types) values (?, ?, ?) returning id")) {
            insert.setString(1, url);
            insert.setString(
                    2,
                    "whsec_"
                            + java.util.Base64.getEncoder()
                                    .encodeToString(UUID.randomUUID().toString().getBytes()));
            insert.setArray(3, c.createArrayOf("text", new String[] {type}));
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static long count(String database, String sql) throws Exception {
        try (Connection c =
                        DriverManager.getConnection(
                                database, PostgresServer.USER, PostgresServer.PASSWORD);
                PreparedStatement query = c.prepareStatement(sql);
                ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
