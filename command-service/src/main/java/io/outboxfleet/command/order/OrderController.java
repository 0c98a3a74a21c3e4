package io.outboxfleet.command.order;

import io.outboxfleet.command.security.Caller;
import io.outboxfleet.command.tracing.CurrentTrace;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
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

/** Customers place and cancel orders; an order is visible to its owner and to admins only. */
@RestController
@RequestMapping("/api/orders")
class OrderController {

    private static final Logger log = LoggerFactory.getLogger(OrderController.class);

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
    private final OrderPlacement placement;
    private final ApplicationEventPublisher events;
    private final CurrentTrace trace;

    OrderController(
            OrderRepository orders,
            OrderItemRepository items,
            OrderPlacement placement,
            ApplicationEventPublisher events,
            CurrentTrace trace) {
        this.orders = orders;
        this.items = items;
        this.placement = placement;
        this.events = events;
        this.trace = trace;
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
        Caller caller = Caller.of(authentication);
        rejectSomeoneElsesEmail(request, caller);
        var command =
                new OrderRepository.NewOrder(
                        UUID.randomUUID(),
                        caller.id(),
                        request.customerEmail(),
                        request.items(),
                        trace.outboxHeaders());
        OrderPlacement.Placed placed;
        try {
            placed = placement.place(command, request, idempotencyKey);
        } catch (OrderRejectedException e) {
            throw OrderRejections.toProblem(e, request);
        }
        Order order = placed.order();
        if (!placed.replayed()) {
            log.info(
                    "order {} placed by customer {}: {} line(s), total {} {}",
                    order.id(),
                    order.customerId(),
                    order.items().size(),
                    order.totalCents(),
                    order.currency());
        }
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
            throw new ApiProblem(
                            HttpStatus.BAD_REQUEST,
                            "validation",
                            "Invalid request",
                            "the request has invalid fields")
                    .with("errors", errors);
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
        Caller caller = Caller.of(authentication);
        Long expected = IfMatch.version(ifMatch);
        visibleOrder(id, caller);
        Order cancelled;
        try {
            cancelled = orders.cancel(id, expected, caller.id(), trace.outboxHeaders());
        } catch (OrderRejectedException e) {
            throw OrderRejections.forCancel(e);
        }
        log.info("order {} cancelled by {}, version {}", id, caller.id(), cancelled.version());
        events.publishEvent(new OrdersChanged(id));
        return ResponseEntity.ok().eTag(etag(cancelled)).body(cancelled);
    }

    /**
     * A customer's order emails (and CRM contact) go to the address of the token's {@code email}
     * claim when it has one (docs/contract.md section 4): nobody has order mail sent to someone
     * else. Admins are trusted to order for others.
     */
    private static void rejectSomeoneElsesEmail(PlaceOrder request, Caller caller) {
        if (caller.email() != null
                && !caller.isAdmin()
                && !caller.email().strip().equalsIgnoreCase(request.customerEmail().strip())) {
            throw ApiProblem.invalidField(
                    "customerEmail", "must be the address of your token's email claim");
        }
    }

    private Order visibleOrder(UUID id, Caller caller) {
        return orders.findById(id)
                .filter(order -> caller.isAdmin() || order.customerId().equals(caller.id()))
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
            throw new ApiProblem(
                            HttpStatus.BAD_REQUEST,
                            "validation",
                            "Invalid request",
                            "the request has invalid fields")
                    .with("errors", errors);
        }
    }

    private static String etag(Order order) {
        return "\"" + order.version() + "\"";
    }
}
