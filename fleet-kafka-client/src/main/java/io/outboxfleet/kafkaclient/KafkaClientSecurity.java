package io.outboxfleet.kafkaclient;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * How a service's Kafka clients (producers, consumers, admin) authenticate to the brokers and check
 * them. Every service reads the same {@code FLEET_KAFKA_*} variables; each runs as its own
 * principal (docs/security.md lists what each may do).
 *
 * @param protocol {@code FLEET_KAFKA_SECURITY_PROTOCOL}: PLAINTEXT (default: neither authentication
 *     nor encryption), SASL_PLAINTEXT, SASL_SSL or SSL
 * @param saslMechanism {@code FLEET_KAFKA_SASL_MECHANISM}: SCRAM-SHA-512 (default), SCRAM-SHA-256
 *     or PLAIN; used with the SASL protocols only
 * @param username {@code FLEET_KAFKA_USERNAME}: the client's principal; required with the SASL
 *     protocols, refused with the others; null when not set
 * @param password {@code FLEET_KAFKA_PASSWORD}: its password, same rules; never logged ({@link
 *     #toString()} hides it, Kafka prints {@code sasl.jaas.config} as {@code [hidden]})
 * @param truststoreLocation {@code FLEET_KAFKA_TRUSTSTORE_LOCATION}: a JKS or PKCS12 file with the
 *     certificates the brokers' TLS certificates are checked against; SSL and SASL_SSL only; opened
 *     at start, so a file that cannot be read or opened, or holds no certificate, is a {@link
 *     KafkaMisconfiguration}; default (null): the JVM's trusted certificate authorities
 * @param truststorePassword {@code FLEET_KAFKA_TRUSTSTORE_PASSWORD}: the truststore's password; a
 *     wrong one is a {@link KafkaMisconfiguration}; null when not set
 */
public record KafkaClientSecurity(
        SecurityProtocol protocol,
        SaslMechanism saslMechanism,
        String username,
        String password,
        Path truststoreLocation,
        String truststorePassword) {

    public KafkaClientSecurity {
        if (protocol == null || saslMechanism == null) {
            throw new IllegalArgumentException("protocol and SASL mechanism are required");
        }
        username = blankToNull(username);
        password = blankToNull(password);
        truststorePassword = blankToNull(truststorePassword);
        check(protocol, username, password, truststoreLocation, truststorePassword);
    }

    /**
     * Reads and checks the settings; {@code setting} returns a setting's value, or null when it is
     * not set. A value the clients could not work with throws {@link KafkaMisconfiguration} naming
     * its variable.
     */
    public static KafkaClientSecurity read(Function<KafkaSetting, String> setting) {
        String protocolName = valueOr(setting, KafkaSetting.SECURITY_PROTOCOL, "PLAINTEXT");
        SecurityProtocol protocol =
                Arrays.stream(SecurityProtocol.values())
                        .filter(p -> p.name.equalsIgnoreCase(protocolName))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new KafkaMisconfiguration(
                                                KafkaSetting.SECURITY_PROTOCOL.variable(),
                                                "is '"
                                                        + protocolName
                                                        + "'; use one of "
                                                        + names(SecurityProtocol.values())));
        String mechanismName = valueOr(setting, KafkaSetting.SASL_MECHANISM, "SCRAM-SHA-512");
        SaslMechanism mechanism =
                SaslMechanism.byKafkaName(mechanismName)
                        .orElseThrow(
                                () ->
                                        new KafkaMisconfiguration(
                                                KafkaSetting.SASL_MECHANISM.variable(),
                                                "is '"
                                                        + mechanismName
                                                        + "'; use one of "
                                                        + Arrays.stream(SaslMechanism.values())
                                                                .map(SaslMechanism::kafkaName)
                                                                .collect(
                                                                        Collectors.joining(", "))));
        String truststore = blankToNull(setting.apply(KafkaSetting.TRUSTSTORE_LOCATION));
        return new KafkaClientSecurity(
                protocol,
                mechanism,
                setting.apply(KafkaSetting.USERNAME),
                setting.apply(KafkaSetting.PASSWORD),
                truststore == null ? null : Path.of(truststore),
                setting.apply(KafkaSetting.TRUSTSTORE_PASSWORD));
    }

    /** Whether the clients authenticate with SASL. */
    public boolean usesSasl() {
        return isSasl(protocol);
    }

    /**
     * The settings in Kafka's own client configuration names ({@code security.protocol}, {@code
     * sasl.mechanism}, {@code sasl.jaas.config}, {@code ssl.truststore.*}), for a client built by
     * hand; empty for PLAINTEXT.
     */
    public Map<String, String> kafkaProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        if (protocol == SecurityProtocol.PLAINTEXT) {
            return properties;
        }
        properties.put("security.protocol", protocol.name);
        if (usesSasl()) {
            properties.put("sasl.mechanism", saslMechanism.kafkaName());
            properties.put("sasl.jaas.config", jaasConfig());
        }
        if (truststoreLocation != null) {
            properties.put(
                    "ssl.truststore.location", truststoreLocation.toAbsolutePath().toString());
            if (truststorePassword != null) {
                properties.put("ssl.truststore.password", truststorePassword);
            }
        }
        return properties;
    }

    /**
     * The same as Spring Boot properties ({@code spring.kafka.properties[...]}), which every client
     * Spring Boot builds (producers, consumers, admin) takes; empty for PLAINTEXT, so nothing
     * changes then.
     */
    public Map<String, Object> springKafkaProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        kafkaProperties()
                .forEach(
                        (key, value) ->
                                properties.put("spring.kafka.properties[" + key + "]", value));
        return properties;
    }

    /**
     * Kafka's {@code sasl.jaas.config}: the login module with the quoted user name and password.
     */
    String jaasConfig() {
        return saslMechanism.loginModule()
                + " required username=\""
                + quoted(username)
                + "\" password=\""
                + quoted(password)
                + "\";";
    }

    /** Without the passwords. */
    @Override
    public String toString() {
        return "KafkaClientSecurity[protocol="
                + protocol.name
                + (usesSasl() ? ", saslMechanism=" + saslMechanism.kafkaName() : "")
                + (username != null ? ", username=" + username : "")
                + (password != null ? ", password=(hidden)" : "")
                + (truststoreLocation != null ? ", truststoreLocation=" + truststoreLocation : "")
                + "]";
    }

    private static void check(
            SecurityProtocol protocol,
            String username,
            String password,
            Path truststoreLocation,
            String truststorePassword) {
        String protocolIs = "FLEET_KAFKA_SECURITY_PROTOCOL is " + protocol.name;
        if (isSasl(protocol)) {
            if (username == null) {
                throw new KafkaMisconfiguration(
                        KafkaSetting.USERNAME.variable(),
                        "is not set; " + protocolIs + ", which needs this client's Kafka user");
            }
            if (password == null) {
                throw new KafkaMisconfiguration(
                        KafkaSetting.PASSWORD.variable(),
                        "is not set; " + protocolIs + ", which needs this client's password");
            }
        } else if (username != null || password != null) {
            // credentials that would silently go unused are a mistake (a forgotten protocol)
            KafkaSetting unused = username != null ? KafkaSetting.USERNAME : KafkaSetting.PASSWORD;
            throw new KafkaMisconfiguration(
                    unused.variable(),
                    "is set but "
                            + protocolIs
                            + ", which sends no credentials; use SASL_PLAINTEXT or SASL_SSL");
        }
        boolean tls = protocol == SecurityProtocol.SSL || protocol == SecurityProtocol.SASL_SSL;
        if (truststoreLocation != null) {
            if (!tls) {
                throw new KafkaMisconfiguration(
                        KafkaSetting.TRUSTSTORE_LOCATION.variable(),
                        "is set but " + protocolIs + ", which uses no TLS; use SSL or SASL_SSL");
            }
            TruststoreCheck.check(truststoreLocation, truststorePassword);
        } else if (truststorePassword != null) {
            throw new KafkaMisconfiguration(
                    KafkaSetting.TRUSTSTORE_PASSWORD.variable(),
                    "is set without FLEET_KAFKA_TRUSTSTORE_LOCATION");
        }
    }

    private static boolean isSasl(SecurityProtocol protocol) {
        return protocol == SecurityProtocol.SASL_PLAINTEXT || protocol == SecurityProtocol.SASL_SSL;
    }

    /** Inside a JAAS option's double quotes, backslash and double quote are escaped. */
    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String valueOr(
            Function<KafkaSetting, String> setting, KafkaSetting key, String fallback) {
        String value = blankToNull(setting.apply(key));
        return value == null ? fallback : value.trim().toUpperCase(Locale.ROOT);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String names(SecurityProtocol[] protocols) {
        return Arrays.stream(protocols).map(p -> p.name).collect(Collectors.joining(", "));
    }
}
