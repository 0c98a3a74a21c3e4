package io.outboxfleet.workers.effect;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Table {@code effect_log}: one row per (event id, effect, target) that was done. */
@Repository
class EffectLog {

    private static final String CLAIM =
            """
            insert into effect_log (event_id, effect, target)
            values (:eventId, :effect, :target)
            on conflict do nothing""";

    private final JdbcClient jdbc;

    EffectLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims the effect inside the caller's transaction. False when it is already done, or (after
     * waiting for the row lock) another worker just did it.
     */
    boolean claim(UUID eventId, Effect effect, String target) {
        return jdbc.sql(CLAIM)
                        .param("eventId", eventId)
                        .param("effect", effect.label())
                        .param("target", target)
                        .update()
                == 1;
    }
}
