package io.outboxfleet.security.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Host;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.HttpStatus;

/**
 * Errors that Tomcat answers itself, before any filter or controller runs (an invalid URI such as
 * {@code %00} in the path, a malformed request line): a problem+json body instead of Tomcat's HTML
 * page, which also named the server's version. Each service registers it as a bean, so every error
 * of every service is a problem (docs/security.md).
 */
public final class TomcatProblems
        implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    /** The problem types' base URI, as in the services' own problems. */
    public static final String TYPE_BASE = "https://outbox-fleet.dev/problems/";

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(
                context -> {
                    if (context.getParent() instanceof StandardHost host) {
                        host.setErrorReportValveClass(ProblemReportValve.class.getName());
                    } else if (context.getParent() instanceof Host host) {
                        host.getPipeline().addValve(new ProblemReportValve());
                    }
                });
    }

    /** Tomcat's error report, as an RFC 9457 problem without any detail of the server. */
    public static final class ProblemReportValve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0) {
                return;
            }
            AtomicBoolean ioAllowed = new AtomicBoolean(true);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            HttpStatus known = HttpStatus.resolve(status);
            String title = known == null ? "Error" : known.getReasonPhrase();
            String slug =
                    status == 400
                            ? "malformed-request"
                            : known == null
                                    ? "error"
                                    : known.name().toLowerCase().replace('_', '-');
            try {
                response.setContentType("application/problem+json");
                response.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(
                            "{\"type\":\""
                                    + TYPE_BASE
                                    + slug
                                    + "\",\"title\":\""
                                    + title
                                    + "\",\"status\":"
                                    + status
                                    + ",\"detail\":\"the server refused the request before"
                                    + " reading it (request line, URI or headers)\"}");
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the client is gone or the response is already committed: nothing to tell
            }
        }
    }
}
