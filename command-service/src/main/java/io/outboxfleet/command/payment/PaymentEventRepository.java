package io.outboxfleet.command.payment;

import io.outboxfleet.command.database.DatabaseRefusal;
import io.outboxfleet.command.web.ApiProblem;
import java.util.Map;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code payment_events} table, written only through {@code apply_payment_event}: recording the
 * event id, the order's PAID transition and its {@code order.paid} outbox row are one transaction,
 * so a duplicate delivery (also a concurrent one) changes nothing.
 */
@Repository
class PaymentEventRepository {

    static final String AMOUNT_MISMATCH = "OF101";
    static final String UNKNOWN_ORDER = "OF102";
    static final String ORDER_NOT_PAYABLE = "OF103";

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
     * @throws ApiProblem when the event cannot be applied ({@link #refused}); then nothing was
     *     written
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
            throw DatabaseRefusal.translate(e, json, refusal -> refused(refusal, event));
        }
        Map<String, Object> result =
                json.readValue(applied, new TypeReference<Map<String, Object>>() {});
        return Outcome.valueOf(((String) result.get("outcome")).toUpperCase());
    }

    /**
     * The refusals of {@code apply_payment_event}: amount or currency not the order's, or no such
     * order, 422; an order no longer waiting for payment, 409. Each carries the event id and the
     * function's detail.
     */
    private static ApiProblem refused(DatabaseRefusal refusal, PaymentEvent event) {
        ApiProblem problem =
                switch (refusal.sqlState()) {
                    case AMOUNT_MISMATCH ->
                            new ApiProblem(
                                    HttpStatus.UNPROCESSABLE_CONTENT,
                                    "amount-mismatch",
                                    "Amount mismatch",
                                    "the payment's amount or currency is not the order's total");
                    case UNKNOWN_ORDER ->
                            new ApiProblem(
                                    HttpStatus.UNPROCESSABLE_CONTENT,
                                    "unknown-order",
                                    "Unknown order",
                                    "metadata.order_id names no order");
                    case ORDER_NOT_PAYABLE ->
                            new ApiProblem(
                                    HttpStatus.CONFLICT,
                                    "order-not-payable",
                                    "Order not payable",
                                    "the order is no longer waiting for payment");
                    default -> throw refusal.unexpected();
                };
        problem.with("eventId", event.id());
        // the function's detail names the order's status "status", which is the problem's own
        // member (the HTTP status) in RFC 9457: it travels as orderStatus, as for cancels
        refusal.detail()
                .forEach(
                        (key, value) ->
                                problem.with("status".equals(key) ? "orderStatus" : key, value));
        return problem;
    }

    /**
     * Deletes at most {@code batch} provider events received longer ago than {@code retention}
     * ({@code purge_payment_events}); returns how many.
     */
    int purgeOlderThan(java.time.Duration retention, int batch) {
        return jdbc.sql("select purge_payment_events(?::interval, ?)")
                .param(retention.toString())
                .param(batch)
                .query(Integer.class)
                .single();
    }
}
