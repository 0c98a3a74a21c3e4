package io.outboxfleet.command.payment;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.postgresql.util.PSQLException;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code payment_events} table, written only through {@code apply_payment_event}: recording the
 * event id, the order's PAID transition and its {@code order.paid} outbox row are one transaction,
 * so a duplicate delivery (also a concurrent one) changes nothing.
 */
@Repository
class PaymentEventRepository {

    private static final String APPLY =
            """
            select apply_payment_event(:event::jsonb)::text
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    PaymentEventRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** What applying an event did. */
    enum Outcome {
        DUPLICATE,
        IGNORED,
        PAID,
        ALREADY_PAID
    }

    /**
     * Applies a verified event once.
     *
     * @throws PaymentRejectedException when the event cannot be applied; then nothing was written
     */
    Outcome apply(PaymentEvent event) {
        String applied;
        try {
            applied =
                    jdbc.sql(APPLY)
                            .param("event", json.writeValueAsString(event))
                            .query(String.class)
                            .single();
        } catch (DataAccessException e) {
            throw rejection(e).orElseThrow(() -> e);
        }
        Map<String, Object> result =
                json.readValue(applied, new TypeReference<Map<String, Object>>() {});
        return Outcome.valueOf(((String) result.get("outcome")).toUpperCase());
    }

    private Optional<PaymentRejectedException> rejection(DataAccessException e) {
        if (!(e.getMostSpecificCause() instanceof PSQLException psql)
                || psql.getServerErrorMessage() == null) {
            return Optional.empty();
        }
        String detail = psql.getServerErrorMessage().getDetail();
        return Arrays.stream(PaymentRejectedException.Reason.values())
                .filter(reason -> reason.sqlState.equals(psql.getSQLState()))
                .findFirst()
                .map(reason -> new PaymentRejectedException(reason, detail(detail)));
    }

    private Map<String, Object> detail(String detail) {
        if (detail == null || !detail.startsWith("{")) {
            return Map.of();
        }
        try {
            return json.readValue(detail, new TypeReference<Map<String, Object>>() {});
        } catch (JacksonException e) {
            return Map.of();
        }
    }
}
