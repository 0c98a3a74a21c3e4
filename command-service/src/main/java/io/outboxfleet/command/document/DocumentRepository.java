package io.outboxfleet.command.document;

import io.outboxfleet.command.database.DatabaseRefusal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DataAccessException;
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
        return call(CREATE, payload);
    }

    /**
     * Saves the update if {@code update.version()} is still the current version.
     *
     * @throws DocumentRefusedException unknown (or someone else's) document, or a stale version
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
        return call(UPDATE, payload);
    }

    Optional<Document> findOwned(UUID id, String ownerId) {
        return jdbc.sql(FIND_OWNED)
                .param("id", id)
                .param("ownerId", ownerId)
                .query(DocumentRepository::map)
                .optional();
    }

    private Document call(String sql, Map<String, Object> payload) {
        String saved;
        try {
            saved =
                    jdbc.sql(sql)
                            .param("payload", json.writeValueAsString(payload))
                            .query(String.class)
                            .single();
        } catch (DataAccessException e) {
            throw DatabaseRefusal.of(e, json)
                    .<RuntimeException>map(DocumentRefusedException::new)
                    .orElse(e);
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
