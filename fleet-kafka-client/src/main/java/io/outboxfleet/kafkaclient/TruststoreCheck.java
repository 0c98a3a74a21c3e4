package io.outboxfleet.kafkaclient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.util.Collections;

/**
 * Opens the truststore of {@code FLEET_KAFKA_TRUSTSTORE_LOCATION} at start the way Kafka's clients
 * will (JKS or PKCS12, with the password or without), so a wrong file or password stops the start
 * with one line naming the variable rather than failing at the first connection, possibly much
 * later and far from the cause. Checks that the file opens and holds a certificate, not that the
 * certificate is the one the brokers' are signed by: only the TLS handshake can tell that.
 */
final class TruststoreCheck {

    private TruststoreCheck() {}

    static void check(Path location, String password) {
        String locationVariable = KafkaSetting.TRUSTSTORE_LOCATION.variable();
        String passwordVariable = KafkaSetting.TRUSTSTORE_PASSWORD.variable();
        if (!Files.isReadable(location)) {
            throw new KafkaMisconfiguration(
                    locationVariable, "names no readable file: " + location);
        }
        KeyStore store;
        try {
            store =
                    KeyStore.getInstance(
                            location.toFile(), password == null ? null : password.toCharArray());
        } catch (IOException e) {
            // JKS and PKCS12 alike report a failed integrity check (the password) this way
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new KafkaMisconfiguration(
                        passwordVariable,
                        "is wrong: it does not open " + location + " (" + locationVariable + ")");
            }
            throw new KafkaMisconfiguration(
                    locationVariable,
                    "cannot be read as a truststore: " + location + ": " + e.getMessage());
        } catch (KeyStoreException e) {
            throw new KafkaMisconfiguration(
                    locationVariable, "is neither a JKS nor a PKCS12 file: " + location);
        } catch (GeneralSecurityException e) {
            throw new KafkaMisconfiguration(
                    locationVariable,
                    "cannot be read as a truststore: " + location + ": " + e.getMessage());
        }
        if (!holdsACertificate(store)) {
            // a PKCS12 file opened without its password shows no certificate: say which to set
            throw new KafkaMisconfiguration(
                    password == null ? passwordVariable : locationVariable,
                    password == null
                            ? "is not set, and without it " + location + " shows no certificate"
                            : "holds no certificate to check the brokers' against: " + location);
        }
    }

    private static boolean holdsACertificate(KeyStore store) {
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.getCertificate(alias) != null) {
                    return true;
                }
            }
            return false;
        } catch (KeyStoreException e) {
            throw new IllegalStateException("a loaded keystore refused to list its entries", e);
        }
    }
}
