package io.outboxfleet.command.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.command.testing.Api.Reply;
import io.outboxfleet.command.testing.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OpenApiIT extends ApiIntegrationTest {

    @Test
    void theApiDescriptionIsServedWithoutATokenAndNamesTheContractsEndpoints() {
        Reply docs = api.get("/v3/api-docs", null);

        assertThat(docs.status()).as("%s", docs).isEqualTo(200);
        assertThat(docs.json().path("openapi").asString()).startsWith("3.");
        JsonNode paths = docs.json().path("paths");
        assertThat(paths.path("/api/orders").has("get")).isTrue();
        assertThat(paths.path("/api/orders").has("post")).isTrue();
        assertThat(paths.path("/api/orders/{id}/cancel").has("post")).isTrue();
        assertThat(paths.path("/api/products/{id}/stock").has("post")).isTrue();
        assertThat(paths.path("/api/documents/{id}").has("put")).isTrue();
        assertThat(paths.path("/api/audit").has("get")).isTrue();
        assertThat(paths.path("/api/reports/sales").has("get")).isTrue();
        assertThat(
                        docs.json()
                                .path("components")
                                .path("securitySchemes")
                                .path("bearer")
                                .path("scheme")
                                .asString())
                .isEqualTo("bearer");
        assertThat(
                        docs.json()
                                .path("components")
                                .path("schemas")
                                .path("PlaceOrder")
                                .path("properties")
                                .has("items"))
                .isTrue();
    }

    @Test
    void swaggerUiIsServed() {
        Reply ui = api.get("/swagger-ui/index.html", null);

        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.raw()).contains("swagger-ui");
    }
}
