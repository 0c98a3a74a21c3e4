package io.outboxfleet.command.webhookendpoint;

import io.outboxfleet.security.secret.SecretBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * At start, seals every webhook secret the table still holds in plaintext (rows written before
 * secrets were sealed) and re-seals those sealed with a key that is no longer the current one (key
 * rotation). A row that changes meanwhile is left for the next start. Idempotent; several instances
 * may run it at once.
 */
@Component
class WebhookSecretSealing implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(WebhookSecretSealing.class);

    private final WebhookEndpointRepository endpoints;
    private final SecretBox box;

    WebhookSecretSealing(WebhookEndpointRepository endpoints, SecretBox box) {
        this.endpoints = endpoints;
        this.box = box;
    }

    @Override
    public void run(ApplicationArguments args) {
        sealAll();
    }

    /** Seals or re-seals what needs it; returns how many secrets were rewritten. */
    int sealAll() {
        int sealed = 0;
        for (WebhookEndpointRepository.StoredSecrets row : endpoints.storedSecrets()) {
            try {
                String secret = reseal(row.secret());
                String previous =
                        row.previousSecret() == null ? null : reseal(row.previousSecret());
                if (secret.equals(row.secret())
                        && java.util.Objects.equals(previous, row.previousSecret())) {
                    continue;
                }
                if (endpoints.replaceSecrets(row, secret, previous)) {
                    sealed++;
                }
            } catch (SecretBox.SecretBoxException e) {
                log.error(
                        "webhook endpoint {}: its secret cannot be re-sealed: {}",
                        row.id(),
                        e.getMessage());
            }
        }
        if (sealed > 0) {
            log.info(
                    "sealed {} webhook endpoint secret(s) with the current FLEET_SECRETS_KEY",
                    sealed);
        }
        return sealed;
    }

    private String reseal(String stored) {
        return box.isSealedWithCurrentKey(stored) ? stored : box.seal(box.openOrLegacy(stored));
    }
}
