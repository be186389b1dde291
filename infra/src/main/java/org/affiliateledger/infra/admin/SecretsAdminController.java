package org.affiliateledger.infra.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.affiliateledger.command.support.MerchantSecrets;
import org.affiliateledger.command.support.ResealCount;
import org.affiliateledger.command.support.SecretsCipher;
import org.affiliateledger.command.webhook.WebhookSecrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Key rotation for the sealed secrets (merchants' Stripe secrets, webhook endpoints' signing secrets): after the new key
 * is put first in {@code LEDGER_SECRETS_KEY} ({@code new,old}) on every node, this re-seals everything with it, so that
 * the old key can then be dropped.
 */
@RestController
@Tag(name = "Operator")
public class SecretsAdminController {
    private static final Logger log = LoggerFactory.getLogger(SecretsAdminController.class);
    private final SecretsCipher cipher;
    private final MerchantSecrets merchantSecrets;
    private final WebhookSecrets webhookSecrets;

    public SecretsAdminController(SecretsCipher cipher, MerchantSecrets merchantSecrets, WebhookSecrets webhookSecrets) {
        this.cipher = cipher;
        this.merchantSecrets = merchantSecrets;
        this.webhookSecrets = webhookSecrets;
    }

    @Schema(name = "ResealCount")
    public record Count(@Schema(description = "Re-sealed with the sealing key") int resealed,
                        @Schema(description = "Already sealed with it") int alreadyCurrent,
                        @Schema(description = "How many no configured key opens (see `unreadableSecrets`)") int unreadable,
                        @Schema(description = "Where they are: `merchant/name` or `endpoint/seq`; the values are never shown")
                        List<String> unreadableSecrets) {
        static Count of(ResealCount count) {
            return new Count(count.resealed(), count.alreadyCurrent(), count.unreadable().size(), count.unreadable());
        }
    }

    @Schema(name = "ResealReport")
    public record Report(@Schema(description = "Id of the key everything is now sealed with (the first of LEDGER_SECRETS_KEY)",
                                 example = "3f2a9c01d4e5b6a7") String sealingKeyId,
                         @Schema(description = "Ids of every configured key, the sealing one first") List<String> keyIds,
                         @Schema(description = "The merchants' Stripe signing secrets and API keys") Count merchantSecrets,
                         @Schema(description = "The webhook endpoints' signing secrets") Count webhookSecrets,
                         @Schema(description = "True when every secret is sealed with the sealing key: the other keys can be "
                                 + "removed from LEDGER_SECRETS_KEY") boolean complete) {
    }

    @PostMapping("/admin/v1/secrets/reseal")
    @Operation(operationId = "resealSecrets", summary = "Re-seal every stored secret with the first key of LEDGER_SECRETS_KEY",
            description = "Key rotation: set `LEDGER_SECRETS_KEY=<new>,<old>` on every node, call this, then drop `<old>`. "
                    + "Opens every sealed secret with whichever configured key sealed it and seals it again with the first "
                    + "key. Idempotent; values that no configured key opens are counted and named, never changed.")
    @ApiResponse(responseCode = "200", description = "What was re-sealed")
    public Report reseal() {
        ResealCount merchants = merchantSecrets.resealAll();
        ResealCount webhooks = webhookSecrets.resealAll();
        boolean complete = merchants.unreadable().isEmpty() && webhooks.unreadable().isEmpty();
        log.info("Re-sealed secrets with key {}: merchant secrets {} re-sealed, {} current, {} unreadable; webhook secrets {} "
                        + "re-sealed, {} current, {} unreadable", cipher.sealingKeyId(), merchants.resealed(),
                merchants.alreadyCurrent(), merchants.unreadable().size(), webhooks.resealed(), webhooks.alreadyCurrent(),
                webhooks.unreadable().size());
        return new Report(cipher.sealingKeyId(), cipher.keyIds(), Count.of(merchants), Count.of(webhooks), complete);
    }
}
