package io.outboxfleet.relay.streaming;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** The database the relay streams from (FLEET_DB_URL, FLEET_DB_USER, FLEET_DB_PASSWORD). */
record DatabaseLogin(String url, String user, String password) {

    DatabaseLogin {
        PostgresAddress.parse(url);
    }

    PostgresAddress address() {
        return PostgresAddress.parse(url);
    }

    /** A connection outside the pool, for a session that must live as long as the lock it holds. */
    Connection openSession(String applicationName) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("ApplicationName", applicationName);
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("connectTimeout", "5");
        props.setProperty("socketTimeout", "30");
        return DriverManager.getConnection(url, props);
    }

    @Override
    public String toString() {
        return "DatabaseLogin[url=" + url + ", user=" + user + "]";
    }
}
