package org.affiliateledger.query.apikey;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.affiliateledger.events.apikey.ApiKeyView;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.query.support.ListPage;
import org.affiliateledger.query.support.Paging;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** List and read the caller's merchant's keys and a key's audit log. Needs {@code admin}. Writes: command side. */
@RestController
@RequestMapping("/api/v1/api-keys")
@Tag(name = "API keys", description = "Scoped keys of the merchant, their rate limits and audit log (`admin` scope)")
public class ApiKeyQueryController {
    private final ApiKeyQueries keys;

    public ApiKeyQueryController(ApiKeyQueries keys) {
        this.keys = keys;
    }

    @Schema(name = "ApiKeyAuditEntry", description = "A request made with the key, or a change to the key and who made it")
    public record AuditEntry(@Schema(format = "date-time") String at,
                             @Schema(allowableValues = {"request", "issued", "revoked", "limits_changed"}) String action,
                             @Nullable String method, @Nullable String path, @Nullable Integer status,
                             @Nullable String clientAddress, @Schema(description = "The key (or `operator`) that made the change") @Nullable String actor) {
    }

    @GetMapping
    @Operation(operationId = "listApiKeys", summary = "List the merchant's API keys")
    public ListPage<ApiKeyView> list(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                     @RequestParam(required = false) Integer page,
                                     @RequestParam(required = false) Integer limit,
                                     @RequestParam(required = false) String cursor) {
        Paging paging = Paging.of(page, limit, cursor);
        return paging.toPage(keys.list(caller.merchantId(), paging), ApiKeyView::id, row -> row);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getApiKey", summary = "Get an API key")
    public ApiKeyView get(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id) {
        return keys.find(caller.merchantId(), id);
    }

    @GetMapping("/{id}/audit")
    @Operation(operationId = "getApiKeyAudit", summary = "Read an API key's audit log",
            description = "Newest first, by cursor. Request entries are written in batches a fraction of a second behind.")
    public ListPage<AuditEntry> audit(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id,
                                      @RequestParam(required = false) Integer limit,
                                      @RequestParam(required = false) String cursor) {
        keys.find(caller.merchantId(), id);
        return keys.audit(caller.merchantId(), id, Paging.of(null, limit, cursor));
    }
}
