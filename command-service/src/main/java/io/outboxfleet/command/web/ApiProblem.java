package io.outboxfleet.command.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The one refusal of this service: a request it will not carry out, told to the caller as an RFC
 * 9457 problem. Feature code throws it (also for what a database function refused, see {@code
 * DatabaseRefusal}) and never catches it; {@code ProblemAdvice} turns it into the {@code
 * application/problem+json} answer.
 *
 * <p>The {@code type} is a stable slug under {@link #TYPE_BASE}, part of the external contract (for
 * example {@code insufficient-stock}); the detail is for humans and may change. Extension members
 * (for example {@code currentVersion} or the {@code errors} of a validation problem) are part of
 * the contract too.
 */
public class ApiProblem extends RuntimeException {

    /** Base of every problem {@code type} URI this service emits. */
    public static final String TYPE_BASE = "https://outbox-fleet.dev/problems/";

    private final HttpStatus status;
    private final String type;
    private final String title;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public ApiProblem(HttpStatus status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    /** 404 for a resource that does not exist, or that the caller may not see. */
    public static ApiProblem notFound(String what, Object id) {
        return new ApiProblem(
                HttpStatus.NOT_FOUND,
                "not-found",
                "Not found",
                what + " " + id + " does not exist");
    }

    /** 400 naming one offending request field, shaped like a Bean Validation failure. */
    public static ApiProblem invalidField(String field, String message) {
        return invalid(List.of(new FieldViolation(field, message)));
    }

    /**
     * 400 naming every offending request field; the shape of every validation failure of this
     * service, Bean Validation's included.
     */
    public static ApiProblem invalid(List<FieldViolation> errors) {
        return new ApiProblem(
                        HttpStatus.BAD_REQUEST,
                        "validation",
                        "Invalid request",
                        "the request has invalid fields")
                .with("errors", errors);
    }

    /** Adds an extension member to the problem body. */
    public ApiProblem with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public HttpStatus status() {
        return status;
    }

    /** The problem body, with the type URI, title, detail and every extension member. */
    public ProblemDetail toProblemDetail() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
        problem.setType(typeUri(type));
        problem.setTitle(title);
        properties.forEach(problem::setProperty);
        return problem;
    }

    /** The type URI of a problem slug, for example {@code insufficient-stock}. */
    public static URI typeUri(String slug) {
        return URI.create(TYPE_BASE + slug);
    }
}
