package io.outboxfleet.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority and a broker certificate it signed, made with the JDK's {@code
 * keytool} into a directory of the test's (nothing is committed): the broker's PKCS12 keystore (key
 * and certificate for {@code 127.0.0.1} and {@code localhost}, valid one day) and a PKCS12
 * truststore with the authority's certificate only, for the clients. Passwords are random. The
 * authority's key stays in {@code ca.p12} beside them.
 *
 * @param keystore the broker's key and certificate chain
 * @param keystorePassword its password
 * @param truststore the authority's certificate, what {@code FLEET_KAFKA_TRUSTSTORE_LOCATION} names
 * @param truststorePassword its password
 */
record BrokerCertificates(
        Path keystore, String keystorePassword, Path truststore, String truststorePassword) {

    private static final Duration KEYTOOL_BOUND = Duration.ofSeconds(60);

    /** Eight {@code keytool} runs, about half a second each. */
    static BrokerCertificates generate(Path dir) {
        BrokerCertificates made =
                new BrokerCertificates(
                        dir.resolve("broker.p12"),
                        randomPassword(),
                        dir.resolve("truststore.p12"),
                        randomPassword());
        String ca = dir.resolve("ca.p12").toString();
        String broker = made.keystore.toString();
        String csr = dir.resolve("broker.csr").toString();
        String signed = dir.resolve("broker.pem").toString();
        String caPem = dir.resolve("ca.pem").toString();
        Keytool keytool = new Keytool(dir, made);
        List<String> newKey = List.of("-keyalg", "EC", "-groupname", "secp256r1", "-validity", "1");

        keytool.run(
                ca,
                newKey,
                "-genkeypair",
                "-alias",
                "ca",
                "-dname",
                "CN=outbox-fleet test CA",
                "-ext",
                "bc:c");
        keytool.run(broker, newKey, "-genkeypair", "-alias", "broker", "-dname", "CN=127.0.0.1");
        keytool.run(broker, List.of(), "-certreq", "-alias", "broker", "-file", csr);
        // the client checks the broker's address against the certificate's alternative names
        keytool.run(
                ca,
                List.of("-ext", "SAN=ip:127.0.0.1,dns:localhost", "-ext", "eku=serverAuth"),
                "-gencert",
                "-alias",
                "ca",
                "-infile",
                csr,
                "-outfile",
                signed,
                "-rfc",
                "-validity",
                "1");
        keytool.run(ca, List.of(), "-exportcert", "-alias", "ca", "-rfc", "-file", caPem);
        // keytool installs a signed reply only when its signer is in the keystore
        keytool.run(broker, List.of(), "-importcert", "-noprompt", "-alias", "ca", "-file", caPem);
        keytool.run(broker, List.of(), "-importcert", "-alias", "broker", "-file", signed);
        keytool.run(
                made.truststore.toString(),
                List.of(),
                "-importcert",
                "-noprompt",
                "-alias",
                "fleet-test-ca",
                "-file",
                caPem);
        return made;
    }

    private static String randomPassword() {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }

    /**
     * Runs {@code keytool} on one PKCS12 store, its password passed in the environment, never on
     * the command line: the truststore's for the truststore, the broker's for the others. Its
     * output (errors included: keytool prints them on stdout) goes to {@code keytool.log}.
     */
    private record Keytool(Path dir, BrokerCertificates made) {

        void run(String store, List<String> options, String... commandAndArgs) {
            String passwordVariable =
                    store.equals(made.truststore.toString())
                            ? "TRUSTSTORE_PASSWORD"
                            : "KEYSTORE_PASSWORD";
            List<String> command =
                    new ArrayList<>(
                            List.of(
                                    JdkTools.executable("keytool"),
                                    "-J-XX:TieredStopAtLevel=1",
                                    "-J-XX:+UseSerialGC"));
            command.addAll(List.of(commandAndArgs));
            command.addAll(options);
            command.addAll(
                    List.of(
                            "-keystore",
                            store,
                            "-storetype",
                            "PKCS12",
                            "-storepass:env",
                            passwordVariable));
            Path log = dir.resolve("keytool.log");
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("KEYSTORE_PASSWORD", made.keystorePassword());
            builder.environment().put("TRUSTSTORE_PASSWORD", made.truststorePassword());
            try {
                Process process = builder.start();
                if (!process.waitFor(KEYTOOL_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new IllegalStateException(
                            "keytool "
                                    + commandAndArgs[0]
                                    + " did not exit within "
                                    + KEYTOOL_BOUND);
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(
                            "keytool "
                                    + String.join(" ", commandAndArgs)
                                    + " failed; "
                                    + log
                                    + ": "
                                    + Files.readString(log, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot run keytool", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running keytool", e);
            }
        }
    }
}
