package io.outboxfleet.command.product;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;

import io.outboxfleet.command.web.ApiProblem;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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
    ResponseEntity<Product> create(@Valid @RequestBody NewProduct request) {
        Product product;
        try {
            product = products.insert(request);
        } catch (DuplicateKeyException e) {
            throw new ApiProblem(HttpStatus.CONFLICT, "duplicate-sku", "Duplicate sku",
                    "a product with sku " + request.sku() + " already exists").with("sku", request.sku());
        }
        URI location = ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}")
                .buildAndExpand(product.id()).toUri();
        return ResponseEntity.created(location).body(product);
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
