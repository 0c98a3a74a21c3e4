package io.outboxfleet.command.order;

import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.validation.Valid;

import io.outboxfleet.command.security.Caller;
import io.outboxfleet.command.web.ApiProblem;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Customers place orders; an order is visible to its owner and to admins only. */
@RestController
@RequestMapping("/api/orders")
class OrderController {

    /** W3C Trace Context version 00; anything else is dropped rather than forwarded to Kafka. */
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private final OrderRepository orders;
    private final OrderItemRepository items;

    OrderController(OrderRepository orders, OrderItemRepository items) {
        this.orders = orders;
        this.items = items;
    }

    @PostMapping
    ResponseEntity<Order> place(@Valid @RequestBody PlaceOrder request, Authentication authentication,
                                @RequestHeader(name = "traceparent", required = false) String traceparent) {
        Map<String, String> headers = traceparent != null && TRACEPARENT.matcher(traceparent).matches()
                ? Map.of("traceparent", traceparent) : Map.of();
        var command = new OrderRepository.NewOrder(UUID.randomUUID(), Caller.of(authentication).id(),
                request.customerEmail(), request.items(), headers);
        Order order;
        try {
            order = orders.create(command);
        } catch (OrderRejectedException e) {
            throw OrderRejections.toProblem(e, request);
        }
        URI location = ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}")
                .buildAndExpand(order.id()).toUri();
        return ResponseEntity.created(location).body(order);
    }

    /** Someone else's order answers 404, as if it did not exist, so ids cannot be probed. */
    @GetMapping("/{id}")
    Order get(@PathVariable UUID id, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        return orders.findById(id)
                .filter(order -> caller.isAdmin() || order.customerId().equals(caller.id()))
                .map(order -> order.withItems(items.findByOrderId(id)))
                .orElseThrow(() -> ApiProblem.notFound("order", id));
    }
}
