package io.outboxfleet.command.document;

import io.outboxfleet.command.database.DatabaseRefusal;
import io.outboxfleet.command.web.ApiProblem;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code documents} table. Writes go through {@code create_document_transaction} and {@code
 * update_document_transaction}, which save the row and its document.updated outbox row in one
 * transaction; an update succeeds only if the version it names is still current.
 */
@Repository
class DocumentRepository {

    static final String UNKNOWN_DOCUMENT = "OF010";
    static final String VERSION_MISMATCH = "OF011";

    private static final String CREATE =
            """
            select create_document_transaction(:payload::jsonb)::text
            """;

    private static final String UPDATE =
            """
            select update_document_transaction(:payload::jsonb)::text
            """;

    private static final String FIND_OWNED =
            """
            select id, title, content, version, updated_at
              from documents
             where id = :id and owner_id = :ownerId
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    DocumentRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Document create(String ownerId, DocumentBody body) {
        Map<String, Object> payload =
                Map.of("ownerId", ownerId, "title", body.title(), "content", body.content());
        return call(CREATE, payload, DocumentRepository::refusesNothing);
    }

    /**
     * Saves the update if {@code update.version()} is still the current version.
     *
     * @throws ApiProblem 404 for an unknown (or someone else's) document, 409 {@code
     *     version-conflict} with {@code currentVersion} for a stale version
     */
    Document update(UUID id, String ownerId, DocumentUpdate update) {
        Map<String, Object> payload =
                Map.of(
                        "id",
                        id,
                        "ownerId",
                        ownerId,
                        "title",
                        update.title(),
                        "content",
                        update.content(),
                        "version",
                        update.version());
        return call(UPDATE, payload, refusal -> refused(refusal, id, update.version()));
    }

    Optional<Document> findOwned(UUID id, String ownerId) {
        return jdbc.sql(FIND_OWNED)
                .param("id", id)
                .param("ownerId", ownerId)
                .query(DocumentRepository::map)
                .optional();
    }

    /** The refusals of {@code update_document_transaction}. */
    private static ApiProblem refused(DatabaseRefusal refusal, UUID id, Long version) {
        return switch (refusal.sqlState()) {
            case UNKNOWN_DOCUMENT -> ApiProblem.notFound("document", id);
            case VERSION_MISMATCH ->
                    new ApiProblem(
                                    HttpStatus.CONFLICT,
                                    "version-conflict",
                                    "Version conflict",
                                    "the document was saved by someone else since version "
                                            + version)
                            .with("currentVersion", refusal.number("currentVersion"));
            default -> throw refusal.unexpected();
        };
    }

    /** {@code create_document_transaction} raises no refusal of its own. */
    private static ApiProblem refusesNothing(DatabaseRefusal refusal) {
        throw refusal.unexpected();
    }

    private Document call(
            String sql,
            Map<String, Object> payload,
            Function<DatabaseRefusal, ApiProblem> refused) {
        String saved;
        try {
            saved =
                    jdbc.sql(sql)
                            .param("payload", json.writeValueAsString(payload))
                            .query(String.class)
                            .single();
        } catch (DataAccessException e) {
            throw DatabaseRefusal.translate(e, json, refused);
        }
        return json.readValue(saved, Document.class);
    }

    private static Document map(ResultSet rs, int row) throws SQLException {
        return new Document(
                rs.getObject("id", UUID.class),
                rs.getString("title"),
                rs.getString("content"),
                rs.getLong("version"),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
