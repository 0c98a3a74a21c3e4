package io.outboxfleet.workers.console;

import java.security.Principal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every console page shows: who is logged in (the token's subject). */
@ControllerAdvice(
        assignableTypes = {
            ConsolePages.class,
            ConsoleDeadLetters.class,
            ConsoleLineage.class,
            ConsoleEndpoints.class
        })
class ConsoleModel {

    @ModelAttribute("operator")
    String operator(Principal principal) {
        return principal == null ? "" : principal.getName();
    }
}
