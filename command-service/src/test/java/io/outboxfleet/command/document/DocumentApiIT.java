package io.outboxfleet.command.document;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.command.testing.Api.Reply;
import io.outboxfleet.command.testing.ApiIntegrationTest;
import io.outboxfleet.command.testing.Concurrently;
import io.outboxfleet.command.testing.Tokens;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DocumentApiIT extends ApiIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String alice = Tokens.of("alice", "customer");
    private final String bob = Tokens.of("bob", "customer");

    @Test
    void aDocumentIsCreatedReadAndUpdatedWithItsVersion() {
        Reply created =
                api.post("/api/documents", alice, Map.of("title", "Notes", "content", "first"));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String id = created.json().path("id").asString();
        assertThat(created.json().path("version").asLong()).isZero();
        assertThat(created.json().path("updatedAt").asString()).endsWith("Z");
        assertThat(created.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/api/documents/" + id));

        Reply updated = put(id, alice, "Notes", "second", 0);
        assertThat(updated.status()).as("%s", updated).isEqualTo(200);
        assertThat(updated.json().path("version").asLong()).isEqualTo(1);

        Reply read = api.get("/api/documents/" + id, alice);
        assertThat(read.json().path("content").asString()).isEqualTo("second");
        assertThat(read.headers().firstValue("ETag")).hasValue("\"1\"");

        var events =
                jdbc.sql(
                                """
                select aggregate_type, aggregate_id, payload::text from outbox_events
                 where event_type = 'document.updated' order by created_at""")
                        .query()
                        .listOfRows();
        assertThat(events).hasSize(2);
        assertThat(events.get(1))
                .containsEntry("aggregate_type", "document")
                .containsEntry("aggregate_id", id);
        JsonNode payload = JSON.readTree((String) events.get(1).get("payload"));
        assertThat(payload.path("documentId").asString()).isEqualTo(id);
        assertThat(payload.path("ownerId").asString()).isEqualTo("alice");
        assertThat(payload.path("version").asLong()).isEqualTo(1);
    }

    @Test
    void aStaleVersionIs409WithTheCurrentVersionAndChangesNothing() {
        String id =
                api.post("/api/documents", alice, Map.of("title", "Notes", "content", "first"))
                        .json()
                        .path("id")
                        .asString();
        put(id, alice, "Notes", "second", 0);

        Reply stale = put(id, alice, "Notes", "lost update", 0);

        assertProblem(stale, 409, "version-conflict");
        assertThat(stale.json().path("currentVersion").asLong()).isEqualTo(1);
        assertThat(api.get("/api/documents/" + id, alice).json().path("content").asString())
                .isEqualTo("second");
        assertThat(jdbc.sql("select count(*) from outbox_events").query(Long.class).single())
                .isEqualTo(2);
    }

    @Test
    void twoConcurrentUpdatesOfOneVersionOneWinsOneConflicts() {
        String id =
                api.post("/api/documents", alice, Map.of("title", "Notes", "content", "first"))
                        .json()
                        .path("id")
                        .asString();

        List<Reply> replies = Concurrently.run(2, i -> put(id, alice, "Notes", "writer " + i, 0));

        assertThat(replies.stream().map(Reply::status)).containsExactlyInAnyOrder(200, 409);
        assertThat(replies)
                .filteredOn(r -> r.status() == 409)
                .allSatisfy(r -> assertThat(r.json().path("currentVersion").asLong()).isEqualTo(1));
        assertThat(jdbc.sql("select version from documents").query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void someoneElsesDocumentIs404() {
        String id =
                api.post("/api/documents", alice, Map.of("title", "Notes", "content", "first"))
                        .json()
                        .path("id")
                        .asString();

        assertProblem(api.get("/api/documents/" + id, bob), 404, "not-found");
        assertProblem(put(id, bob, "Mine now", "x", 0), 404, "not-found");
        assertProblem(
                api.get("/api/documents/6b1f8f0e-8c7e-4d51-9d67-0a4b3c1e2f00", alice),
                404,
                "not-found");
        assertThat(api.get("/api/documents/" + id, alice).json().path("version").asLong()).isZero();
    }

    @Test
    void sqlMetacharactersAreStoredAsText() {
        String title = "Robert'); drop table documents;--";
        Reply created =
                api.post(
                        "/api/documents",
                        alice,
                        Map.of("title", title, "content", "% _ \\ ' \" ;"));

        assertThat(created.status()).isEqualTo(201);
        Reply read = api.get("/api/documents/" + created.json().path("id").asString(), alice);
        assertThat(read.json().path("title").asString()).isEqualTo(title);
        assertThat(read.json().path("content").asString()).isEqualTo("% _ \\ ' \" ;");
    }

    private Reply put(String id, String token, String title, String content, long version) {
        String body =
                JSON.writeValueAsString(
                        Map.of("title", title, "content", content, "version", version));
        return api.send(
                api.request("/api/documents/" + id, token)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }
}
