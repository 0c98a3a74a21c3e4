package io.outboxfleet.command.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.command.testing.ApiIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** payment_events does not grow for ever: events past the retention (30 days) are deleted. */
class PaymentEventsRetentionIT extends ApiIntegrationTest {

    @Autowired PaymentEventsRetention retention;

    @Test
    void providerEventsPastTheRetentionAreDeletedAndRecentOnesKept() {
        String old = "evt_old_" + UUID.randomUUID();
        String recent = "evt_recent_" + UUID.randomUUID();
        receivedAgo(old, "31 days");
        receivedAgo(recent, "2 days");

        assertThat(retention.purge()).isGreaterThanOrEqualTo(1);

        assertThat(exists(old)).isFalse();
        assertThat(exists(recent)).as("a recent event id still refuses a redelivery").isTrue();
    }

    private void receivedAgo(String eventId, String age) {
        jdbc.sql(
                        "insert into payment_events (event_id, event_type, outcome, received_at)"
                                + " values (?, 'payment_intent.succeeded', 'ignored', now() - ?::interval)")
                .params(eventId, age)
                .update();
    }

    private boolean exists(String eventId) {
        return jdbc.sql("select count(*) from payment_events where event_id = ?")
                        .param(eventId)
                        .query(Long.class)
                        .single()
                > 0;
    }
}
