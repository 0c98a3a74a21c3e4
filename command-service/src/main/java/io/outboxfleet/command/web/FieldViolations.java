package io.outboxfleet.command.web;

import io.outboxfleet.security.web.PlainText;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.validation.BindingResult;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Turns the ways a request body can be wrong into the {@code errors} list of a 400 problem. */
final class FieldViolations {

    private FieldViolations() {}

    /** Every Bean Validation failure, sorted by field so the answer is stable. */
    static List<FieldViolation> of(BindingResult result) {
        List<FieldViolation> fields =
                result.getFieldErrors().stream()
                        .map(e -> new FieldViolation(e.getField(), e.getDefaultMessage()))
                        .sorted(
                                Comparator.comparing(FieldViolation::field)
                                        .thenComparing(FieldViolation::message))
                        .toList();
        List<FieldViolation> global =
                result.getGlobalErrors().stream()
                        .map(e -> new FieldViolation(e.getObjectName(), e.getDefaultMessage()))
                        .toList();
        return global.isEmpty() ? fields : concat(fields, global);
    }

    /**
     * The field of a JSON value that has the wrong type (a string where a number belongs, a bad
     * UUID), if Jackson could tell which field it was.
     */
    static Optional<FieldViolation> of(Throwable cause) {
        if (cause instanceof InputCoercionException outOfRange && !outOfRange.getPath().isEmpty()) {
            // a number too large for its field, for example a quantity beyond 2^31
            return Optional.of(new FieldViolation(path(outOfRange), "is out of range"));
        }
        if (!(cause instanceof MismatchedInputException mismatch) || mismatch.getPath().isEmpty()) {
            return Optional.empty();
        }
        StringBuilder path = new StringBuilder(path(mismatch));
        if (mismatch instanceof StrictJson.NotPlainText) {
            return Optional.of(new FieldViolation(path.toString(), PlainText.PROBLEM));
        }
        if (mismatch instanceof UnrecognizedPropertyException) {
            return Optional.of(new FieldViolation(path.toString(), "is not a known field"));
        }
        Class<?> target = mismatch.getTargetType();
        String expected = target == null ? "a value of another type" : describe(target);
        return Optional.of(new FieldViolation(path.toString(), "must be " + expected));
    }

    private static final java.util.regex.Pattern DUPLICATE =
            java.util.regex.Pattern.compile("Duplicate Object property \"([^\"]{1,100})\"");

    /**
     * The key given twice in one object, when that is why the body was refused (Jackson's strict
     * duplicate detection).
     */
    static Optional<String> duplicateKey(Throwable cause) {
        if (!(cause instanceof tools.jackson.core.exc.StreamReadException read)
                || read.getOriginalMessage() == null) {
            return Optional.empty();
        }
        java.util.regex.Matcher m = DUPLICATE.matcher(read.getOriginalMessage());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a whole number";
        }
        if (type == java.util.UUID.class) {
            return "a UUID";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static List<FieldViolation> concat(List<FieldViolation> a, List<FieldViolation> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
