package io.outboxfleet.workers.console;

import java.net.http.HttpClient;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * Asks the outbox relay's {@code /actuator/health} for its role (active, standby, failed): the
 * relay runs in another process, so it may be unreachable, which the overview says.
 */
@Component
class RelayProbe {

    /**
     * @param role active, standby, starting, failed or stopped; null when unreachable
     * @param problem why the role is unknown, else null
     */
    record RelayState(String status, String role, Boolean streaming, String problem) {
        static RelayState unreachable(String problem) {
            return new RelayState(null, null, null, problem);
        }
    }

    private final RestClient http;
    private final String healthUrl;

    RelayProbe(ConsoleProperties properties) {
        JdkClientHttpRequestFactory requests =
                new JdkClientHttpRequestFactory(
                        HttpClient.newBuilder().connectTimeout(properties.relayTimeout()).build());
        requests.setReadTimeout(properties.relayTimeout());
        this.http = RestClient.builder().requestFactory(requests).build();
        this.healthUrl = properties.relayUrl().resolve("/actuator/health").toString();
    }

    RelayState state() {
        try {
            JsonNode health =
                    http.get()
                            .uri(healthUrl)
                            .retrieve()
                            .onStatus(status -> status.value() == 503, (request, response) -> {})
                            .body(JsonNode.class);
            if (health == null) {
                return RelayState.unreachable("empty answer from " + healthUrl);
            }
            JsonNode relay = health.path("components").path("relay");
            return new RelayState(
                    health.path("status").asString(null),
                    relay.path("details").path("role").asString(null),
                    relay.path("details").has("streaming")
                            ? relay.path("details").path("streaming").asBoolean()
                            : null,
                    relay.isMissingNode() ? "the relay's health shows no relay component" : null);
        } catch (RuntimeException e) {
            return RelayState.unreachable(
                    "relay health "
                            + healthUrl
                            + " not reachable: "
                            + e.getClass().getSimpleName());
        }
    }
}
