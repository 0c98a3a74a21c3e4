package io.outboxfleet.bench.modulith;

import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** The peer's business write: one order row and its event, in one transaction. */
@Service
class OrderService {

    static final String TOPIC = "bench-modulith";
    static final String TABLE = "bench_modulith_orders";

    private final JdbcClient db;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;

    OrderService(
            JdbcClient db, ApplicationEventPublisher events, TransactionTemplate transactions) {
        this.db = db;
        this.events = events;
        this.transactions = transactions;
    }

    void prepare() {
        db.sql(
                        "create table if not exists "
                                + TABLE
                                + " (id uuid primary key, customer_email text not null,"
                                + " total_cents bigint not null)")
                .update();
        db.sql("truncate " + TABLE).update();
        db.sql("truncate event_publication").update();
    }

    /** One order, committed; returns its id once the transaction has committed. */
    @Transactional
    public String placeOrder() {
        String id = UUID.randomUUID().toString();
        db.sql("insert into " + TABLE + " (id, customer_email, total_cents) values (?, ?, ?)")
                .params(UUID.fromString(id), "alice@example.com", 2500)
                .update();
        events.publishEvent(new OrderPlaced(id, "alice@example.com", 2500, "EUR"));
        return id;
    }

    /** {@code count} orders in transactions of 100, as fast as they commit. */
    void placeBacklog(int count) {
        for (int done = 0; done < count; done += 100) {
            int batch = Math.min(100, count - done);
            transactions.executeWithoutResult(
                    status -> {
                        for (int i = 0; i < batch; i++) {
                            placeOrder();
                        }
                    });
        }
    }
}
