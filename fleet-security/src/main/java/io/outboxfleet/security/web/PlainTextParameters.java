package io.outboxfleet.security.web;

import java.beans.PropertyEditorSupport;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Every {@code String} a controller binds from the request line or headers ({@code @RequestParam},
 * {@code @RequestHeader}, {@code @PathVariable}) must be {@link PlainText}: a query parameter such
 * as {@code ?effect=a%00b} is refused before any SQL sees it. The refusal is Spring's {@code
 * MethodArgumentTypeMismatchException} naming the parameter, with a {@link PlainText.Refused}
 * cause, which each service's advice answers as a 400. Each service registers it as a bean.
 */
@ControllerAdvice
public class PlainTextParameters {

    @InitBinder
    public void plainTextOnly(WebDataBinder binder) {
        // a new editor per binder: property editors hold state
        binder.registerCustomEditor(String.class, new PlainTextEditor());
    }

    private static final class PlainTextEditor extends PropertyEditorSupport {
        @Override
        public void setAsText(String text) {
            if (!PlainText.isValid(text)) {
                throw new PlainText.Refused();
            }
            setValue(text);
        }
    }
}
