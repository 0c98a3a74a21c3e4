package io.outboxfleet.workers.effect.delivery;

import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Columns of a batch as SQL array parameters, for statements that take a batch as {@code
 * unnest(...)}.
 */
final class SqlArrays {

    private SqlArrays() {}

    /** One value of every row, in the rows' order. */
    static <T, V> V[] column(List<T> rows, Function<T, V> value, IntFunction<V[]> array) {
        return rows.stream().map(value).toArray(array);
    }
}
