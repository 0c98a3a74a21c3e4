package io.outboxfleet.workers.startup;

/**
 * A setting that makes the process unable to start. Names the environment variable to fix, so the
 * operator reads one line instead of a stack trace.
 */
public final class Misconfiguration extends IllegalArgumentException {

    private final String variable;

    public Misconfiguration(String variable, String problem) {
        super(variable + " " + problem);
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }
}
