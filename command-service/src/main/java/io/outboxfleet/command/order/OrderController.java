package io.outboxfleet.command.order;

import io.outboxfleet.command.security.Caller;
import io.outboxfleet.command.web.ApiProblem;
import io.outboxfleet.command.web.FieldViolation;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Customers place and cancel orders ({@link OrderCommands}); an order is visible to its owner and
 * to admins only. This class maps HTTP: headers, query parameters and the answer's status, ETag and
 * Location.
 */
@RestController
@RequestMapping("/api/orders")
class OrderController {

    /**
     * Printable ASCII, as the IETF idempotency-key draft suggests; long enough for a UUID or a
     * hash.
     */
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private static final Set<String> STATUSES = Set.of("PENDING_PAYMENT", "PAID", "CANCELLED");
    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 100;

    private final OrderRepository orders;
    private final OrderItemRepository items;
    private final OrderCommands commands;

    OrderController(OrderRepository orders, OrderItemRepository items, OrderCommands commands) {
        this.orders = orders;
        this.items = items;
        this.commands = commands;
    }

    /** A page of orders, newest first, and the cursor of the next page (null on the last page). */
    record OrderPage(List<Order> items, String nextCursor) {}

    @PostMapping
    ResponseEntity<Order> place(
            @Valid @RequestBody PlaceOrder request,
            Authentication authentication,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw ApiProblem.invalidField(
                    "Idempotency-Key", "must be 1 to 255 printable ASCII characters");
        }
        rejectDuplicateLines(request);
        OrderCommands.Placed placed =
                commands.place(Caller.of(authentication), request, idempotencyKey);
        Order order = placed.order();
        URI location =
                ServletUriComponentsBuilder.fromCurrentRequest()
                        .path("/{id}")
                        .buildAndExpand(order.id())
                        .toUri();
        return ResponseEntity.created(location)
                .eTag(etag(order))
                .header("Idempotent-Replayed", Boolean.toString(placed.replayed()))
                .body(order);
    }

    /** Customers see their own orders, admins every order; newest first, keyset-paginated. */
    @GetMapping
    OrderPage list(
            Authentication authentication,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        List<FieldViolation> errors = new ArrayList<>();
        if (status != null && !STATUSES.contains(status)) {
            errors.add(
                    new FieldViolation(
                            "status",
                            "must be one of "
                                    + String.join(", ", STATUSES.stream().sorted().toList())));
        }
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            errors.add(new FieldViolation("limit", "must be between 1 and " + MAX_LIMIT));
        }
        OrderCursor after = null;
        if (cursor != null) {
            after = OrderCursor.decode(cursor).orElse(null);
            if (after == null) {
                errors.add(new FieldViolation("cursor", "is not a cursor returned by this API"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        Caller caller = Caller.of(authentication);
        int size = limit == null ? DEFAULT_LIMIT : limit;
        List<Order> page =
                orders.findPage(
                        new OrderRepository.PageQuery(
                                caller.isAdmin() ? null : caller.id(), status, after, size + 1));
        boolean more = page.size() > size;
        List<Order> shown = more ? page.subList(0, size) : page;
        Map<UUID, List<OrderLine>> lines =
                items.findByOrderIds(shown.stream().map(Order::id).toList());
        List<Order> withItems =
                shown.stream()
                        .map(o -> o.withItems(lines.getOrDefault(o.id(), List.of())))
                        .toList();
        return new OrderPage(
                withItems, more ? OrderCursor.after(shown.get(shown.size() - 1)).encode() : null);
    }

    /** Someone else's order answers 404, as if it did not exist, so ids cannot be probed. */
    @GetMapping("/{id}")
    ResponseEntity<Order> get(@PathVariable UUID id, Authentication authentication) {
        Order order =
                visibleOrder(id, Caller.of(authentication)).withItems(items.findByOrderId(id));
        return ResponseEntity.ok().eTag(etag(order)).body(order);
    }

    /**
     * Cancels a PENDING_PAYMENT order and puts its units back in stock. With {@code If-Match:
     * "<version>"} only if the order is still at that version (else 412 with {@code
     * currentVersion}).
     */
    @PostMapping("/{id}/cancel")
    ResponseEntity<Order> cancel(
            @PathVariable UUID id,
            Authentication authentication,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        Long expected = IfMatch.version(ifMatch);
        Order cancelled = commands.cancel(id, expected, Caller.of(authentication));
        return ResponseEntity.ok().eTag(etag(cancelled)).body(cancelled);
    }

    private Order visibleOrder(UUID id, Caller caller) {
        return orders.findById(id)
                .filter(order -> order.visibleTo(caller))
                .orElseThrow(() -> ApiProblem.notFound("order", id));
    }

    /**
     * The database would sum them; a client that sends the same product twice has a bug, so say so.
     */
    private static void rejectDuplicateLines(PlaceOrder request) {
        Map<UUID, Integer> first = new HashMap<>();
        List<FieldViolation> errors = new ArrayList<>();
        for (int i = 0; i < request.items().size(); i++) {
            UUID productId = request.items().get(i).productId();
            Integer earlier = first.putIfAbsent(productId, i);
            if (earlier != null) {
                errors.add(
                        new FieldViolation(
                                "items[" + i + "].productId", "duplicates items[" + earlier + "]"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
    }

    private static String etag(Order order) {
        return "\"" + order.version() + "\"";
    }
}
