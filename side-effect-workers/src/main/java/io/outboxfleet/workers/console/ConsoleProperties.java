package io.outboxfleet.workers.console;

import io.outboxfleet.startup.Misconfiguration;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The ops console ({@code /ops/console/}).
 *
 * @param relayUrl base URL of the outbox relay, whose {@code /actuator/health} tells its role
 *     (FLEET_RELAY_URL, default http://127.0.0.1:8081); unreachable is shown as such
 * @param relayTimeout longest wait for the relay's answer (default 1s)
 * @param slotName the relay's logical replication slot (FLEET_RELAY_SLOT_NAME, default
 *     fleet_outbox_slot)
 * @param refreshInterval how often the overview refreshes its numbers (default 5s)
 * @param replayRate dead letters replayed per second by a bulk replay (default 5)
 * @param bulkReplayLimit most dead letters one bulk replay takes (default 1000)
 * @param snippetChars most characters of a response body or error shown in a list (default 300)
 * @param testEventTimeout longest wait for an endpoint's answer to a test event (default 5s)
 */
@ConfigurationProperties("fleet.console")
record ConsoleProperties(
        @DefaultValue("http://127.0.0.1:8081") URI relayUrl,
        @DefaultValue("1s") Duration relayTimeout,
        @DefaultValue("fleet_outbox_slot") String slotName,
        @DefaultValue("5s") Duration refreshInterval,
        @DefaultValue("5") int replayRate,
        @DefaultValue("1000") int bulkReplayLimit,
        @DefaultValue("300") int snippetChars,
        @DefaultValue("5s") Duration testEventTimeout) {

    ConsoleProperties {
        if (replayRate < 1) {
            throw new Misconfiguration("FLEET_CONSOLE_REPLAY_RATE", "must be at least 1");
        }
        if (bulkReplayLimit < 1) {
            throw new Misconfiguration("FLEET_CONSOLE_BULK_REPLAY_LIMIT", "must be at least 1");
        }
    }

    String snippet(String text) {
        if (text == null || text.length() <= snippetChars) {
            return text;
        }
        return text.substring(0, snippetChars) + "…";
    }
}
