package io.outboxfleet.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresServerTest {

    @Test
    void startsAClusterWithLogicalWalAndAReplicationCapableFleetRole() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        try (Connection c =
                        DriverManager.getConnection(
                                pg.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
                Statement s = c.createStatement()) {
            ResultSet wal = s.executeQuery("show wal_level");
            wal.next();
            assertEquals("logical", wal.getString(1));
            ResultSet role =
                    s.executeQuery(
                            "select rolreplication from pg_roles where rolname = current_user");
            role.next();
            assertTrue(role.getBoolean(1));
        }
    }
}
