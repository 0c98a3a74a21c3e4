package io.outboxfleet.command.product;

import io.outboxfleet.command.web.ApiProblem;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The product catalogue: admins add products, every signed-in user reads them. */
@RestController
@RequestMapping("/api/products")
class ProductController {

    private final ProductRepository products;

    ProductController(ProductRepository products) {
        this.products = products;
    }

    @PostMapping
    ResponseEntity<Product> create(
            @Valid @RequestBody NewProduct request, Authentication authentication) {
        Product product;
        try {
            product = products.insert(request, authentication.getName());
        } catch (DuplicateKeyException e) {
            throw new ApiProblem(
                            HttpStatus.CONFLICT,
                            "duplicate-sku",
                            "Duplicate sku",
                            "a product with sku " + request.sku() + " already exists")
                    .with("sku", request.sku());
        }
        URI location =
                ServletUriComponentsBuilder.fromCurrentRequest()
                        .path("/{id}")
                        .buildAndExpand(product.id())
                        .toUri();
        return ResponseEntity.created(location).body(product);
    }

    /** Moves stock by {@code delta} (negative takes units out); stock never goes below 0 (409). */
    @PostMapping("/{id}/stock")
    Product adjustStock(
            @PathVariable UUID id,
            @Valid @RequestBody StockChange request,
            Authentication authentication) {
        if (request.delta() == 0) {
            throw ApiProblem.invalidField("delta", "must not be 0");
        }
        try {
            return products.adjustStock(id, request.delta(), authentication.getName());
        } catch (StockRefusedException e) {
            throw switch (e.refusal().sqlState()) {
                case StockRefusedException.UNKNOWN_PRODUCT -> ApiProblem.notFound("product", id);
                case StockRefusedException.STOCK_NEVER_NEGATIVE ->
                        new ApiProblem(
                                        HttpStatus.CONFLICT,
                                        "stock-never-negative",
                                        "Stock never negative",
                                        "stock "
                                                + e.refusal().number("stock")
                                                + " cannot move by "
                                                + request.delta())
                                .with("stock", e.refusal().number("stock"))
                                .with("delta", request.delta());
                case StockRefusedException.STOCK_OUT_OF_RANGE ->
                        new ApiProblem(
                                        HttpStatus.CONFLICT,
                                        "stock-out-of-range",
                                        "Stock out of range",
                                        "stock "
                                                + e.refusal().number("stock")
                                                + " cannot move by "
                                                + request.delta()
                                                + ": at most "
                                                + Integer.MAX_VALUE
                                                + " units")
                                .with("stock", e.refusal().number("stock"))
                                .with("delta", request.delta());
                default ->
                        new ApiProblem(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage());
            };
        }
    }

    @GetMapping
    List<Product> list() {
        return products.findAll();
    }

    @GetMapping("/{id}")
    Product get(@PathVariable UUID id) {
        return products.findById(id).orElseThrow(() -> ApiProblem.notFound("product", id));
    }
}
