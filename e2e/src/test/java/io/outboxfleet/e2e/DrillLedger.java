package io.outboxfleet.e2e;

import static org.awaitility.Awaitility.await;

import io.outboxfleet.testsupport.RecordingHttpServer;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a drill's orders became, counted where a user would count it: the orders committed in the
 * database, the emails at the SMTP server (by Message-ID), the deal upserts the CRM answered with
 * 2xx, the webhooks each subscriber received with a valid signature, and what is left in the effect
 * queue and the dead letters.
 */
final class DrillLedger {

    /** One drill's figures, as a row of the reliability table. */
    record Outcome(
            String drill,
            int ordersCommitted,
            int requestsRefused,
            int emails,
            int emailDuplicates,
            int ordersWithDifferingMessageIds,
            int deals,
            int dealDuplicates,
            int webhooks,
            int webhookDuplicates,
            int invalidSignatures,
            long deadLetters,
            long queued,
            Duration drained) {

        String row() {
            return "| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %.1f |"
                    .formatted(
                            drill,
                            ordersCommitted,
                            requestsRefused,
                            emails,
                            emailDuplicates,
                            deals,
                            dealDuplicates,
                            webhooks,
                            webhookDuplicates,
                            deadLetters,
                            queued,
                            drained.toMillis() / 1000.0);
        }

        static String header() {
            return "| drill | orders committed | requests refused | emails | email duplicates |"
                    + " CRM deals | deal duplicates | webhooks | webhook duplicates | dead letters |"
                    + " left in queue | all done after (s) |\n"
                    + "|---|---|---|---|---|---|---|---|---|---|---|---|";
        }
    }

    /** A webhook subscription the drill checks: where it receives and the secret it verifies. */
    record Subscription(
            RecordingHttpServer server, String path, String secret, String endpointId) {}

    private final Fleet fleet;

    DrillLedger(Fleet fleet) {
        this.fleet = fleet;
    }

    /**
     * Waits (at most {@code bound} after {@code faultOver}) until every committed order of the
     * drill has its email, its deal and a webhook on each subscription and the effect queue is
     * empty, then counts.
     */
    Outcome settle(
            String drill,
            String customerPrefix,
            int requestsRefused,
            List<Subscription> subscriptions,
            Instant faultOver,
            Duration bound) {
        List<String> orders = committedOrders(customerPrefix);
        try {
            await(drill + ": every committed order's effects done")
                    .atMost(bound)
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(
                            () ->
                                    missing(orders, subscriptions).isEmpty()
                                            && queued(customerPrefix, subscriptions) == 0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(
                    "%s: not done %s after the fault: of %d orders, %d without email, %d without deal, %d without a webhook on some subscription; %d deliveries in the queue, %d new dead letters"
                            .formatted(
                                    drill,
                                    bound,
                                    orders.size(),
                                    orders.size() - emailsByOrder(orders).size(),
                                    orders.stream()
                                            .filter(
                                                    o ->
                                                            fleet.crm
                                                                    .answered("PUT", "/deals/" + o)
                                                                    .isEmpty())
                                            .count(),
                                    missing(orders, subscriptions).size(),
                                    queued(customerPrefix, subscriptions),
                                    deadLetters(customerPrefix, subscriptions)),
                    e);
        }
        Duration drained = Duration.between(faultOver, Instant.now());
        // a duplicate can only be seen once it has happened: give late repeats time to land
        OrderLoad.during(Duration.ofSeconds(3));

        Map<String, List<String>> messageIds = emailsByOrder(orders);
        int emails = messageIds.values().stream().mapToInt(List::size).sum();
        int differing =
                (int)
                        messageIds.values().stream()
                                .filter(ids -> Set.copyOf(ids).size() > 1)
                                .count();
        int deals = 0;
        for (String order : orders) {
            deals += fleet.crm.answered("PUT", "/deals/" + order).size();
        }
        int webhooks = 0;
        int webhookDuplicates = 0;
        int invalid = 0;
        for (Subscription subscription : subscriptions) {
            for (String order : orders) {
                List<RecordingHttpServer.Request> received = webhooksAbout(subscription, order);
                webhooks += received.size();
                webhookDuplicates += Math.max(0, received.size() - 1);
                invalid +=
                        (int)
                                received.stream()
                                        .filter(r -> !verifies(subscription.secret(), r))
                                        .count();
            }
        }
        return new Outcome(
                drill,
                orders.size(),
                requestsRefused,
                emails,
                emails - orders.size(),
                differing,
                deals,
                deals - orders.size(),
                webhooks,
                webhookDuplicates,
                invalid,
                deadLetters(customerPrefix, subscriptions),
                queued(customerPrefix, subscriptions),
                drained);
    }

    /** How many of the orders the subscription received a webhook about. */
    long delivered(Subscription subscription, List<String> orders) {
        return orders.stream().filter(o -> !webhooksAbout(subscription, o).isEmpty()).count();
    }

    /** The webhooks about the orders that the subscription's secret does not verify. */
    long invalidSignatures(Subscription subscription, List<String> orders) {
        return orders.stream()
                .flatMap(o -> webhooksAbout(subscription, o).stream())
                .filter(r -> !verifies(subscription.secret(), r))
                .count();
    }

    private List<String> missing(List<String> orders, List<Subscription> subscriptions) {
        Set<String> emailed = emailsByOrder(orders).keySet();
        List<String> missing = new ArrayList<>();
        for (String order : orders) {
            boolean done =
                    emailed.contains(order)
                            && !fleet.crm.answered("PUT", "/deals/" + order).isEmpty()
                            && subscriptions.stream()
                                    .allMatch(s -> !webhooksAbout(s, order).isEmpty());
            if (!done) {
                missing.add(order);
            }
        }
        return missing;
    }

    private Map<String, List<String>> emailsByOrder(List<String> orders) {
        Set<String> wanted = Set.copyOf(orders);
        Map<String, List<String>> byOrder = new HashMap<>();
        for (MimeMessage message : fleet.emails()) {
            try {
                String subject = message.getSubject();
                String order = subject == null ? "" : subject.replaceAll(".*: ", "").trim();
                if (wanted.contains(order)) {
                    byOrder.computeIfAbsent(order, o -> new ArrayList<>())
                            .add(message.getMessageID());
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return byOrder;
    }

    private static List<RecordingHttpServer.Request> webhooksAbout(
            Subscription subscription, String order) {
        return subscription.server().answered("POST", subscription.path()).stream()
                .filter(r -> r.body().contains(order))
                .toList();
    }

    private static boolean verifies(String secret, RecordingHttpServer.Request webhook) {
        return StandardWebhooks.verifies(
                secret,
                webhook.header("webhook-id"),
                webhook.header("webhook-timestamp"),
                webhook.body(),
                webhook.header("webhook-signature"));
    }

    List<String> committedOrders(String customerPrefix) {
        return query(
                "select id::text from orders where customer_id like '"
                        + sqlText(customerPrefix)
                        + "%'");
    }

    /**
     * The dead letters of the drill's orders (their payload names the drill's customers), leaving
     * out webhooks to endpoints other than {@code subscriptions}.
     */
    long deadLetters(String customerPrefix, List<Subscription> subscriptions) {
        return count("dead_letters", customerPrefix, subscriptions, "");
    }

    /** The dead letters of the drill's orders for one webhook endpoint, with this reason. */
    long deadLetters(String customerPrefix, Subscription subscription, String reasonLike) {
        return count(
                "dead_letters",
                customerPrefix,
                List.of(subscription),
                " and effect = 'webhook' and reason like '" + sqlText(reasonLike) + "'");
    }

    /** The deliveries of the drill's orders still queued, as {@link #deadLetters} scopes them. */
    long queued(String customerPrefix, List<Subscription> subscriptions) {
        return count("effect_queue", customerPrefix, subscriptions, "");
    }

    private long count(
            String table,
            String customerPrefix,
            List<Subscription> subscriptions,
            String condition) {
        String endpoints =
                String.join(
                        ", ",
                        subscriptions.stream()
                                .map(s -> "'" + sqlText(s.endpointId()) + "'")
                                .toList());
        return Long.parseLong(
                query(
                                "select count(*)::text from "
                                        + table
                                        + " where payload like '%"
                                        + sqlText(customerPrefix)
                                        + "%' and (effect <> 'webhook' or target in ("
                                        + (endpoints.isEmpty() ? "null" : endpoints)
                                        + "))"
                                        + condition)
                        .get(0));
    }

    private static String sqlText(String text) {
        return text.replace("'", "''");
    }

    private List<String> query(String sql) {
        try (Connection c = fleet.postgres.superuserConnection();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            // the database may be restarting: the awaiting caller asks again
            throw new IllegalStateException("cannot read the drill's state: " + e.getMessage(), e);
        }
    }
}
