package io.outboxfleet.command.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code audit_logs}; rows are written only by the database's {@code audit_trigger_func()}.
 */
@Repository
class AuditRepository {

    /** Newest first by id (ids grow with every insert); null filters match everything. */
    private static final String FIND_PAGE =
            """
            select id, table_name, record_id, operation, actor, occurred_at,
                   old_value::text as old_value, new_value::text as new_value, tx_id
              from audit_logs
             where table_name = coalesce(:table::text, table_name)
               and record_id = coalesce(:recordId::text, record_id)
               and id < coalesce(:beforeId::bigint, 9223372036854775807)
             order by id desc
             limit :limit
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    List<AuditEntry> findPage(String table, String recordId, Long beforeId, int limit) {
        return jdbc.sql(FIND_PAGE)
                .param("table", table, java.sql.Types.VARCHAR)
                .param("recordId", recordId, java.sql.Types.VARCHAR)
                .param("beforeId", beforeId, java.sql.Types.BIGINT)
                .param("limit", limit)
                .query(this::map)
                .list();
    }

    private AuditEntry map(ResultSet rs, int row) throws SQLException {
        return new AuditEntry(
                rs.getLong("id"),
                rs.getString("table_name"),
                rs.getString("record_id"),
                rs.getString("operation"),
                rs.getString("actor"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                tree(rs.getString("old_value")),
                tree(rs.getString("new_value")),
                rs.getLong("tx_id"));
    }

    private JsonNode tree(String value) {
        return value == null ? null : json.readTree(value);
    }
}
