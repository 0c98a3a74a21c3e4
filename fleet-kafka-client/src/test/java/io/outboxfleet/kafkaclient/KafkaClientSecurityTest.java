package io.outboxfleet.kafkaclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class KafkaClientSecurityTest {

    @Test
    void nothingSetIsPlaintextAndChangesNoSpringProperty() {
        KafkaClientSecurity security = read(Map.of());

        assertThat(security.usesSasl()).isFalse();
        assertThat(security.springKafkaProperties()).isEmpty();
    }

    @Test
    void saslGivesEveryClientTheMechanismAndALoginWithTheCredentials() {
        KafkaClientSecurity security =
                read(
                        Map.of(
                                KafkaSetting.SECURITY_PROTOCOL, "sasl_plaintext",
                                KafkaSetting.USERNAME, "relay",
                                KafkaSetting.PASSWORD, "s3cret"));

        assertThat(security.springKafkaProperties())
                .containsEntry("spring.kafka.properties[security.protocol]", "SASL_PLAINTEXT")
                .containsEntry("spring.kafka.properties[sasl.mechanism]", "SCRAM-SHA-512")
                .containsEntry(
                        "spring.kafka.properties[sasl.jaas.config]",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required"
                                + " username=\"relay\" password=\"s3cret\";");
    }

    @Test
    void quotesAndBackslashesInAPasswordReachKafkaUnchanged() {
        String password = "a\"b\\c d;e=f";
        KafkaClientSecurity security =
                read(
                        Map.of(
                                KafkaSetting.SECURITY_PROTOCOL, "SASL_SSL",
                                KafkaSetting.SASL_MECHANISM, "scram-sha-256",
                                KafkaSetting.USERNAME, "workers",
                                KafkaSetting.PASSWORD, password));

        // parsed the way Kafka parses sasl.jaas.config
        List<AppConfigurationEntry> entries =
                JaasContext.loadClientContext(
                                Map.of(
                                        SaslConfigs.SASL_JAAS_CONFIG,
                                        new Password(security.jaasConfig())))
                        .configurationEntries();
        assertThat(entries).hasSize(1);
        Map<String, ?> options = entries.get(0).getOptions();
        assertThat(options.get("username")).isEqualTo("workers");
        assertThat(options.get("password")).isEqualTo(password);
        assertThat(security.springKafkaProperties())
                .containsEntry("spring.kafka.properties[sasl.mechanism]", "SCRAM-SHA-256");
    }

    @Test
    void saslWithoutUsernameOrPasswordNamesTheMissingVariable() {
        assertThatThrownBy(() -> read(Map.of(KafkaSetting.SECURITY_PROTOCOL, "SASL_PLAINTEXT")))
                .isInstanceOfSatisfying(
                        KafkaMisconfiguration.class,
                        e -> assertThat(e.variable()).isEqualTo("FLEET_KAFKA_USERNAME"))
                .hasMessageStartingWith("FLEET_KAFKA_USERNAME is not set;");
        assertThatThrownBy(
                        () ->
                                read(
                                        Map.of(
                                                KafkaSetting.SECURITY_PROTOCOL, "SASL_SSL",
                                                KafkaSetting.USERNAME, "relay")))
                .hasMessageStartingWith("FLEET_KAFKA_PASSWORD is not set;");
    }

    @Test
    void credentialsWithoutSaslAreRefusedRatherThanIgnored() {
        assertThatThrownBy(
                        () ->
                                read(
                                        Map.of(
                                                KafkaSetting.USERNAME, "relay",
                                                KafkaSetting.PASSWORD, "s3cret")))
                .hasMessage(
                        "FLEET_KAFKA_USERNAME is set but FLEET_KAFKA_SECURITY_PROTOCOL is"
                                + " PLAINTEXT, which sends no credentials; use SASL_PLAINTEXT or"
                                + " SASL_SSL")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void unknownProtocolOrMechanismListsTheChoices() {
        assertThatThrownBy(() -> read(Map.of(KafkaSetting.SECURITY_PROTOCOL, "TLS")))
                .hasMessage(
                        "FLEET_KAFKA_SECURITY_PROTOCOL is 'TLS'; use one of PLAINTEXT, SSL,"
                                + " SASL_PLAINTEXT, SASL_SSL");
        assertThatThrownBy(
                        () ->
                                read(
                                        Map.of(
                                                KafkaSetting.SECURITY_PROTOCOL, "SASL_SSL",
                                                KafkaSetting.SASL_MECHANISM, "GSSAPI",
                                                KafkaSetting.USERNAME, "relay",
                                                KafkaSetting.PASSWORD, "s3cret")))
                .hasMessage(
                        "FLEET_KAFKA_SASL_MECHANISM is 'GSSAPI'; use one of SCRAM-SHA-512,"
                                + " SCRAM-SHA-256, PLAIN");
    }

    @Test
    void aTruststoreNeedsTlsAndAFileThatOpensWithItsPassword(@TempDir Path dir) throws Exception {
        Path truststore = truststore(dir.resolve("truststore.p12"), "changeit", true);
        KafkaClientSecurity security =
                read(
                        Map.of(
                                KafkaSetting.SECURITY_PROTOCOL, "SSL",
                                KafkaSetting.TRUSTSTORE_LOCATION, truststore.toString(),
                                KafkaSetting.TRUSTSTORE_PASSWORD, "changeit"));
        assertThat(security.springKafkaProperties())
                .containsEntry("spring.kafka.properties[security.protocol]", "SSL")
                .containsEntry(
                        "spring.kafka.properties[ssl.truststore.location]", truststore.toString())
                .containsEntry("spring.kafka.properties[ssl.truststore.password]", "changeit")
                .doesNotContainKey("spring.kafka.properties[sasl.jaas.config]");

        assertThatThrownBy(
                        () -> read(Map.of(KafkaSetting.TRUSTSTORE_LOCATION, truststore.toString())))
                .hasMessageStartingWith("FLEET_KAFKA_TRUSTSTORE_LOCATION is set but");
        assertThatThrownBy(() -> readTls(dir.resolve("missing.p12"), null))
                .hasMessageStartingWith("FLEET_KAFKA_TRUSTSTORE_LOCATION names no readable file");
    }

    @Test
    void aWrongTruststorePasswordNamesThePasswordVariable(@TempDir Path dir) throws Exception {
        Path truststore = truststore(dir.resolve("truststore.p12"), "changeit", true);

        assertThatThrownBy(() -> readTls(truststore, "guessed"))
                .isInstanceOfSatisfying(
                        KafkaMisconfiguration.class,
                        e -> assertThat(e.variable()).isEqualTo("FLEET_KAFKA_TRUSTSTORE_PASSWORD"))
                .hasMessage(
                        "FLEET_KAFKA_TRUSTSTORE_PASSWORD is wrong: it does not open "
                                + truststore
                                + " (FLEET_KAFKA_TRUSTSTORE_LOCATION)")
                .hasMessageNotContaining("guessed");
    }

    @Test
    void aTruststoreThatOpensButShowsNoCertificateIsRefused(@TempDir Path dir) throws Exception {
        Path empty = truststore(dir.resolve("empty.p12"), "changeit", false);
        assertThatThrownBy(() -> readTls(empty, "changeit"))
                .hasMessage(
                        "FLEET_KAFKA_TRUSTSTORE_LOCATION holds no certificate to check the"
                                + " brokers' against: "
                                + empty);

        // PKCS12 encrypts its certificates with the password: without it, the file looks empty
        Path sealed = truststore(dir.resolve("sealed.p12"), "changeit", true);
        assertThatThrownBy(() -> readTls(sealed, null))
                .hasMessage(
                        "FLEET_KAFKA_TRUSTSTORE_PASSWORD is not set, and without it "
                                + sealed
                                + " shows no certificate");
    }

    @Test
    void aFileThatIsNoKeystoreNamesTheLocationVariable(@TempDir Path dir) throws Exception {
        Path pem = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");

        assertThatThrownBy(() -> readTls(pem, "changeit"))
                .hasMessageStartingWith("FLEET_KAFKA_TRUSTSTORE_LOCATION ")
                .hasMessageContaining(pem.toString());
    }

    @Test
    void toStringHidesThePassword() {
        KafkaClientSecurity security =
                read(
                        Map.of(
                                KafkaSetting.SECURITY_PROTOCOL, "SASL_PLAINTEXT",
                                KafkaSetting.USERNAME, "relay",
                                KafkaSetting.PASSWORD, "s3cret"));

        assertThat(security.toString()).contains("relay").doesNotContain("s3cret");
    }

    @Test
    void theEnvironmentGetsTheClientPropertiesFromTheMappedPropertiesOrTheVariables() {
        MockEnvironment environment =
                new MockEnvironment()
                        .withProperty("fleet.kafka.security-protocol", "SASL_PLAINTEXT")
                        .withProperty("fleet.kafka.username", "command-service")
                        .withProperty("FLEET_KAFKA_PASSWORD", "s3cret");

        new KafkaClientEnvironment().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.kafka.properties[security.protocol]"))
                .isEqualTo("SASL_PLAINTEXT");
        assertThat(environment.getProperty("spring.kafka.properties[sasl.jaas.config]"))
                .contains("username=\"command-service\"");
    }

    private static KafkaClientSecurity readTls(Path truststore, String password) {
        Map<KafkaSetting, String> settings = new EnumMap<>(KafkaSetting.class);
        settings.put(KafkaSetting.SECURITY_PROTOCOL, "SSL");
        settings.put(KafkaSetting.TRUSTSTORE_LOCATION, truststore.toString());
        if (password != null) {
            settings.put(KafkaSetting.TRUSTSTORE_PASSWORD, password);
        }
        return read(settings);
    }

    /**
     * A PKCS12 truststore saved with {@code password}, holding one of the JVM's own certificate
     * authorities (any certificate will do: no connection is made) or none.
     */
    private static Path truststore(Path file, String password, boolean withCertificate)
            throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        if (withCertificate) {
            KeyStore jvmCas =
                    KeyStore.getInstance(
                            Path.of(System.getProperty("java.home"), "lib", "security", "cacerts")
                                    .toFile(),
                            (char[]) null);
            String alias = jvmCas.aliases().nextElement();
            store.setCertificateEntry("ca", jvmCas.getCertificate(alias));
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    private static KafkaClientSecurity read(Map<KafkaSetting, String> settings) {
        Map<KafkaSetting, String> all = new EnumMap<>(KafkaSetting.class);
        all.putAll(settings);
        return KafkaClientSecurity.read(all::get);
    }
}
