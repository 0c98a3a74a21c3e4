package io.outboxfleet.startup;

/**
 * A setting that makes the process unable to start. Its message starts with the environment
 * variable to fix, so the operator reads one line instead of a stack trace; it never carries a
 * secret's value.
 */
public final class Misconfiguration extends IllegalArgumentException {

    private final String variable;

    /**
     * @param variable the variable to fix, for example {@code FLEET_JWT_SECRET}
     * @param problem what is wrong with it, read after the variable: "is not set", "must be ..."
     */
    public Misconfiguration(String variable, String problem) {
        super(variable + " " + problem);
        this.variable = variable;
    }

    /** The environment variable to fix. */
    public String variable() {
        return variable;
    }
}
