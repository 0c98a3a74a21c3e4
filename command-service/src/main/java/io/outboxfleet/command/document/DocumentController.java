package io.outboxfleet.command.document;

import io.outboxfleet.command.web.ApiProblem;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Documents of signed-in users, edited with optimistic locking: a PUT names the version it read; if
 * someone saved in between, it gets 409 with {@code currentVersion} and nothing changes. Only the
 * owner sees a document; everyone else gets 404.
 */
@RestController
@RequestMapping("/api/documents")
class DocumentController {

    private final DocumentRepository documents;

    DocumentController(DocumentRepository documents) {
        this.documents = documents;
    }

    @PostMapping
    ResponseEntity<Document> create(
            @Valid @RequestBody DocumentBody body, Authentication authentication) {
        Document document = documents.create(authentication.getName(), body);
        URI location =
                ServletUriComponentsBuilder.fromCurrentRequest()
                        .path("/{id}")
                        .buildAndExpand(document.id())
                        .toUri();
        return ResponseEntity.created(location).eTag(etag(document)).body(document);
    }

    @GetMapping("/{id}")
    ResponseEntity<Document> get(@PathVariable UUID id, Authentication authentication) {
        Document document =
                documents
                        .findOwned(id, authentication.getName())
                        .orElseThrow(() -> ApiProblem.notFound("document", id));
        return ResponseEntity.ok().eTag(etag(document)).body(document);
    }

    @PutMapping("/{id}")
    ResponseEntity<Document> update(
            @PathVariable UUID id,
            @Valid @RequestBody DocumentUpdate update,
            Authentication authentication) {
        Document document = documents.update(id, authentication.getName(), update);
        return ResponseEntity.ok().eTag(etag(document)).body(document);
    }

    private static String etag(Document document) {
        return "\"" + document.version() + "\"";
    }
}
