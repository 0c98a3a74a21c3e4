package io.outboxfleet.workers.console;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Dead letters: the filtered list, one letter with its payload and last answer, replay of one, and
 * replay of a filtered set (after a confirmation page that says how many) at a limited rate.
 */
@Controller
@RequestMapping(ConsoleSecurity.BASE + "/dead-letters")
class ConsoleDeadLetters {

    private static final int PAGE = 200;

    private final DeadLetterQueries queries;
    private final ReplaySeam seam;
    private final BulkReplays bulk;
    private final ConsoleProperties properties;
    private final Clock clock;

    ConsoleDeadLetters(
            DeadLetterQueries queries,
            ReplaySeam seam,
            BulkReplays bulk,
            ConsoleProperties properties,
            Clock clock) {
        this.queries = queries;
        this.seam = seam;
        this.bulk = bulk;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping
    String list(
            @RequestParam(required = false) String effect,
            @RequestParam(required = false) String destination,
            @RequestParam(required = false) String eventType,
            @RequestParam(required = false) String reason,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String status,
            Model model) {
        DeadLetterFilter filter =
                new DeadLetterFilter(effect, destination, eventType, reason, from, to, status);
        List<DeadLetterQueries.Letter> letters = queries.list(filter, PAGE);
        model.addAttribute("filter", filter);
        model.addAttribute("letters", letters);
        model.addAttribute("more", letters.size() == PAGE);
        model.addAttribute("effects", queries.effects());
        model.addAttribute("eventTypes", queries.eventTypes());
        model.addAttribute("bulk", bulk.progress());
        model.addAttribute("snippetChars", properties.snippetChars());
        return "console/dead-letters";
    }

    @GetMapping("/{id}")
    String one(@PathVariable UUID id, Model model) {
        model.addAttribute(
                "letter",
                queries.find(id).orElseThrow(() -> new ConsoleNotFound("no dead letter " + id)));
        return "console/dead-letter";
    }

    @PostMapping("/{id}/replay")
    String replay(@PathVariable UUID id, RedirectAttributes redirect) {
        DeadLetterQueries.Letter letter =
                queries.find(id).orElseThrow(() -> new ConsoleNotFound("no dead letter " + id));
        ReplaySeam.Outcome outcome = seam.replay(id);
        redirect.addFlashAttribute("flash", "Dead letter " + id + ": " + outcome.detail());
        redirect.addFlashAttribute("flashOk", outcome.queued());
        if (letter.eventId() != null) {
            redirect.addAttribute("q", letter.eventId().toString());
            return "redirect:" + ConsoleSecurity.BASE + "/lineage";
        }
        return "redirect:" + ConsoleSecurity.BASE + "/dead-letters/" + id;
    }

    @GetMapping("/replay")
    String confirmBulk(
            @RequestParam(required = false) String effect,
            @RequestParam(required = false) String destination,
            @RequestParam(required = false) String eventType,
            @RequestParam(required = false) String reason,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            Model model) {
        DeadLetterFilter filter =
                new DeadLetterFilter(effect, destination, eventType, reason, from, to, "waiting");
        Instant asOf = clock.instant();
        long matching = queries.count(filter, asOf);
        long count = Math.min(matching, properties.bulkReplayLimit());
        model.addAttribute("filter", filter);
        model.addAttribute("asOf", asOf.toString());
        model.addAttribute("matching", matching);
        model.addAttribute("count", count);
        model.addAttribute("rate", properties.replayRate());
        model.addAttribute(
                "seconds", (count + properties.replayRate() - 1) / properties.replayRate());
        model.addAttribute("running", bulk.progress() != null && !bulk.progress().finished());
        return "console/replay-confirm";
    }

    @PostMapping("/replay")
    String bulkReplay(
            @RequestParam(required = false) String effect,
            @RequestParam(required = false) String destination,
            @RequestParam(required = false) String eventType,
            @RequestParam(required = false) String reason,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam String asOf,
            @RequestParam int count,
            Principal operator,
            RedirectAttributes redirect) {
        DeadLetterFilter filter =
                new DeadLetterFilter(effect, destination, eventType, reason, from, to, "waiting");
        Instant confirmedAt;
        try {
            confirmedAt = Instant.parse(asOf);
        } catch (DateTimeParseException e) {
            throw new ConsoleBadRequest("asOf must be an ISO instant");
        }
        if (count < 0) {
            throw new ConsoleBadRequest("count must not be negative");
        }
        // the set confirmed: matching then, at most as many as shown (newer letters wait for the
        // next)
        List<UUID> ids =
                queries.ids(filter, confirmedAt, Math.min(count, properties.bulkReplayLimit()));
        boolean started = bulk.start(ids, operator.getName());
        redirect.addFlashAttribute(
                "flash",
                started
                        ? "Replaying "
                                + ids.size()
                                + " dead letter(s) at "
                                + properties.replayRate()
                                + " per second."
                        : "Another bulk replay is still running; nothing was started.");
        redirect.addFlashAttribute("flashOk", started);
        return "redirect:" + ConsoleSecurity.BASE + "/dead-letters?" + filter.query();
    }
}
