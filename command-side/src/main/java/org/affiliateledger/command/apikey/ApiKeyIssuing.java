package org.affiliateledger.command.apikey;

import org.affiliateledger.command.apikey.ApiKeyCommandController.IssueRequest;
import org.affiliateledger.command.apikey.ApiKeyCommandController.IssuedKey;
import org.affiliateledger.command.apikey.ApiKeyCommandController.Limits;
import org.affiliateledger.events.apikey.ApiKeyView;
import org.affiliateledger.events.apikey.FindApiKey;
import org.affiliateledger.events.apikey.IssueApiKey;
import org.affiliateledger.events.common.Ids;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * Issues a key for a merchant, by one of its admin keys or by the operator ({@code issuedBy}, shown in the key's audit
 * log): a new id and secret (the secret never enters a command: only its hash and display prefix do), then the key as
 * the reads show it. The {@code api_keys} row is written in the issuing transaction, so the {@code createdAt}
 * answered is the one every later read shows.
 */
@Component
public class ApiKeyIssuing {
    public static final String OPERATOR = "operator";

    private final CommandGateway commands;
    private final QueryGateway queries;

    public ApiKeyIssuing(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    public IssuedKey issue(String merchantId, IssueRequest request, String issuedBy) {
        List<String> scopes = List.copyOf(new LinkedHashSet<>(request.scopes()));
        Limits limits = request.rateLimits() == null ? new Limits(null, null) : request.rateLimits();
        String keyId = Ids.API_KEY.next();
        ApiKeySecrets.NewSecret secret = ApiKeySecrets.generate();
        commands.sendAndWait(new IssueApiKey(keyId, merchantId, request.name().strip(), secret.displayPrefix(),
                secret.hash(), scopes, limits.toDomain(), issuedBy));
        return recorded(merchantId, keyId, secret.plaintext());
    }

    /** The key as the reads show it, with its secret (known only to the request that issued it). */
    public IssuedKey recorded(String merchantId, String keyId, String plaintext) {
        ApiKeyView key = find(merchantId, keyId);
        return new IssuedKey(key.id(), key.name(), plaintext, key.prefix(), key.scopes(), key.rateLimits(), key.createdAt());
    }

    /** The key as the reads show it; a 404 for another merchant's key. */
    public ApiKeyView find(String merchantId, String keyId) {
        try {
            return queries.query(new FindApiKey(merchantId, keyId), ResponseTypes.instanceOf(ApiKeyView.class)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
