package io.outboxfleet.command.audit;

import io.outboxfleet.command.web.ApiProblem;
import io.outboxfleet.command.web.FieldViolation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit trail for admins: {@code GET /api/audit?table=&recordId=&limit=&cursor=}, newest first.
 * {@code recordId} of order_items is {@code <orderId>/<productId>}.
 */
@RestController
@RequestMapping("/api/audit")
class AuditController {

    private static final Set<String> TABLES =
            Set.of("orders", "order_items", "products", "documents");
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 200;

    private final AuditRepository audit;

    AuditController(AuditRepository audit) {
        this.audit = audit;
    }

    /** A page of entries and the cursor of the next (older) page, null on the last page. */
    record AuditPage(List<AuditEntry> items, String nextCursor) {}

    @GetMapping
    AuditPage list(
            @RequestParam(required = false) String table,
            @RequestParam(required = false) String recordId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        List<FieldViolation> errors = new ArrayList<>();
        if (table != null && !TABLES.contains(table)) {
            errors.add(
                    new FieldViolation(
                            "table",
                            "must be one of "
                                    + String.join(", ", TABLES.stream().sorted().toList())));
        }
        if (recordId != null && (recordId.isEmpty() || recordId.length() > 200)) {
            errors.add(new FieldViolation("recordId", "must be 1 to 200 characters"));
        }
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            errors.add(new FieldViolation("limit", "must be between 1 and " + MAX_LIMIT));
        }
        Long before = cursor == null ? null : decode(cursor);
        if (cursor != null && before == null) {
            errors.add(new FieldViolation("cursor", "is not a cursor returned by this API"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        int size = limit == null ? DEFAULT_LIMIT : limit;
        List<AuditEntry> page = audit.findPage(table, recordId, before, size + 1);
        boolean more = page.size() > size;
        List<AuditEntry> shown = more ? page.subList(0, size) : page;
        return new AuditPage(shown, more ? encode(shown.get(shown.size() - 1).id()) : null);
    }

    private static String encode(long id) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("a1|" + id).getBytes(StandardCharsets.UTF_8));
    }

    private static Long decode(String cursor) {
        try {
            String plain =
                    new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            return plain.startsWith("a1|") ? Long.valueOf(plain.substring(3)) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
