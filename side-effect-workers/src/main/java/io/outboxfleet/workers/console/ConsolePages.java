package io.outboxfleet.workers.console;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The login page, the overview and its self-refreshing numbers (htmx polls {@code
 * /ops/console/overview/numbers}). {@code /ops/} leads to the console.
 */
@Controller
class ConsolePages {

    private final Overview overview;

    ConsolePages(Overview overview) {
        this.overview = overview;
    }

    @GetMapping({"/ops", "/ops/", ConsoleSecurity.BASE})
    String root() {
        return "redirect:" + ConsoleSecurity.BASE + "/";
    }

    @GetMapping(ConsoleSecurity.LOGIN)
    String login(
            @RequestParam(required = false) String error,
            @RequestParam(required = false) String logout,
            Model model) {
        if ("role".equals(error)) {
            model.addAttribute(
                    "error",
                    "This token is valid but has no role ops: the console is for ops only.");
        } else if (error != null) {
            model.addAttribute(
                    "error", "This token is not valid (wrong signature, expired or malformed).");
        }
        model.addAttribute("loggedOut", logout != null);
        return "console/login";
    }

    @GetMapping(ConsoleSecurity.BASE + "/")
    String overview(Model model) {
        model.addAttribute("n", overview.numbers());
        return "console/overview";
    }

    @GetMapping(ConsoleSecurity.BASE + "/overview/numbers")
    String numbers(Model model) {
        model.addAttribute("n", overview.numbers());
        return "console/overview :: numbers";
    }
}
