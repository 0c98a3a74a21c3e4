package io.outboxfleet.testsupport;

import java.nio.file.Path;

/** Programs of the JDK that runs the tests (java, keytool), so child processes match it. */
public final class JdkTools {

    private JdkTools() {}

    public static String executable(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }
}
