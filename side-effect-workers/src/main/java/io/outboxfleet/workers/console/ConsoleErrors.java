package io.outboxfleet.workers.console;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/** Console pages answer bad input with a 400 page that says what was wrong, never a 500. */
@ControllerAdvice(
        assignableTypes = {
            ConsolePages.class,
            ConsoleDeadLetters.class,
            ConsoleLineage.class,
            ConsoleEndpoints.class
        })
class ConsoleErrors {

    private static final Logger log = LoggerFactory.getLogger(ConsoleErrors.class);

    @ExceptionHandler(ConsoleBadRequest.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    ModelAndView badRequest(ConsoleBadRequest e) {
        return page(e.getMessage());
    }

    @ExceptionHandler({
        MethodArgumentTypeMismatchException.class,
        MissingServletRequestParameterException.class
    })
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    ModelAndView badParameter(Exception e) {
        return page(
                e instanceof MethodArgumentTypeMismatchException mismatch
                        ? mismatch.getName() + " is not valid"
                        : e.getMessage());
    }

    @ExceptionHandler(ConsoleNotFound.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    ModelAndView notFound(ConsoleNotFound e) {
        return page(e.getMessage());
    }

    @ExceptionHandler(org.springframework.dao.DataAccessException.class)
    @ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
    ModelAndView database(org.springframework.dao.DataAccessException e) {
        log.warn("console page failed on the database: {}", e.getMessage());
        return page("The database did not answer; try again in a moment.");
    }

    @ExceptionHandler(RuntimeException.class)
    @ResponseStatus(HttpStatus.INTERNAL_SERVER_ERROR)
    ModelAndView unexpected(RuntimeException e) {
        log.error("console page failed", e);
        return page("Something went wrong on our side; the log has the details.");
    }

    private static ModelAndView page(String message) {
        ModelAndView page = new ModelAndView("console/error");
        page.addObject("message", message);
        return page;
    }
}
