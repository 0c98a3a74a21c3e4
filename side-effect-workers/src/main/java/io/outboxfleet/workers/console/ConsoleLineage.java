package io.outboxfleet.workers.console;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Event lineage: search by order id, event id or trace id. */
@Controller
class ConsoleLineage {

    private final EventLineage lineage;
    private final OverviewQueries overview;
    private final ConsoleProperties properties;

    ConsoleLineage(EventLineage lineage, OverviewQueries overview, ConsoleProperties properties) {
        this.lineage = lineage;
        this.overview = overview;
        this.properties = properties;
    }

    @GetMapping(ConsoleSecurity.BASE + "/lineage")
    String lineage(@RequestParam(required = false) String q, Model model) {
        model.addAttribute("q", q == null ? "" : q);
        if (q != null && !q.isBlank()) {
            model.addAttribute("lineage", lineage.find(q));
            model.addAttribute("slot", overview.slot(properties.slotName()).orElse(null));
        }
        return "console/lineage";
    }
}
