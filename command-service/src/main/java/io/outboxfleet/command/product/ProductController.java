package io.outboxfleet.command.product;

import io.outboxfleet.command.web.ApiProblem;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.UUID;
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
        Product product = products.insert(request, authentication.getName());
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
        return products.adjustStock(id, request.delta(), authentication.getName());
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
