package io.outboxfleet.workers.console;

import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/** Gathers the overview's numbers; see docs/operations.md, "Ops console", for their meaning. */
@Component
class Overview {

    /**
     * @param slot null when the relay's slot does not exist (yet)
     * @param oldestUnpublishedSeconds null when the relay has published nothing yet
     */
    record Numbers(
            RelayProbe.RelayState relay,
            OverviewQueries.Slot slot,
            String slotName,
            Long oldestUnpublishedSeconds,
            List<OverviewQueries.EffectRate> effects,
            List<DestinationMeters.Destination> destinations,
            long openCircuits,
            List<OverviewQueries.QueueDepth> queue,
            long queueDepth,
            long deadLetters,
            long disabledEndpoints,
            BulkReplays.Progress bulkReplay,
            long refreshSeconds,
            String asOf) {}

    private final OverviewQueries queries;
    private final RelayProbe relay;
    private final DestinationMeters meters;
    private final BulkReplays bulk;
    private final ConsoleProperties properties;
    private final java.time.Clock clock;

    Overview(
            OverviewQueries queries,
            RelayProbe relay,
            DestinationMeters meters,
            BulkReplays bulk,
            ConsoleProperties properties,
            java.time.Clock clock) {
        this.clock = clock;
        this.queries = queries;
        this.relay = relay;
        this.meters = meters;
        this.bulk = bulk;
        this.properties = properties;
    }

    Numbers numbers() {
        List<DestinationMeters.Destination> destinations = meters.destinations();
        List<OverviewQueries.QueueDepth> queue = queries.queue();
        return new Numbers(
                relay.state(),
                queries.slot(properties.slotName()).orElse(null),
                properties.slotName(),
                queries.oldestUnpublished(properties.slotName())
                        .map(Duration::toSeconds)
                        .orElse(null),
                queries.effects(),
                destinations,
                destinations.stream().filter(d -> d.open()).count(),
                queue,
                queue.stream().mapToLong(OverviewQueries.QueueDepth::depth).sum(),
                queries.deadLetters(),
                queries.disabledEndpoints(),
                bulk.progress(),
                Math.max(1, properties.refreshInterval().toSeconds()),
                clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    }
}
