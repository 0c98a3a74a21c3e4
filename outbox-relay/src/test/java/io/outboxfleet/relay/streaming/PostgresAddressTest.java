package io.outboxfleet.relay.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresAddressTest {

    @Test
    void readsHostPortAndDatabase() {
        assertThat(PostgresAddress.parse("jdbc:postgresql://127.0.0.1:55432/fleet"))
                .isEqualTo(new PostgresAddress("127.0.0.1", 55432, "fleet"));
        assertThat(PostgresAddress.parse("jdbc:postgresql://db.internal/fleet?sslmode=require"))
                .isEqualTo(new PostgresAddress("db.internal", 5432, "fleet"));
    }

    @Test
    void otherShapesNameTheVariable() {
        for (String bad :
                new String[] {
                    "postgres://h/db",
                    "jdbc:postgresql://h:5432/",
                    "jdbc:postgresql://h:5432",
                    "jdbc:mysql://h/db"
                }) {
            assertThatThrownBy(() -> PostgresAddress.parse(bad))
                    .hasMessageContaining("FLEET_DB_URL");
        }
    }
}
