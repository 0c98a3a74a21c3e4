package io.outboxfleet.command.webhookendpoint;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Body of {@code POST /api/webhook-endpoints}; leaving out {@code eventTypes} subscribes to every
 * type.
 */
record NewWebhookEndpoint(
        @NotBlank @Size(max = 2000) @HttpUrl String url,
        @Size(max = 50)
                List<
                                @NotNull
                                @Pattern(
                                        regexp = "[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+",
                                        message = "must be an event type such as order.created")
                                String>
                        eventTypes,
        @Size(max = 500) String description) {

    List<String> eventTypesOrAll() {
        return eventTypes == null ? List.of() : List.copyOf(eventTypes);
    }
}
