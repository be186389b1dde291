package org.affiliateledger.infra.security;

import org.affiliateledger.events.apikey.IssueApiKey;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.infra.security.ApiKeyController.IssueRequest;
import org.affiliateledger.infra.security.ApiKeyController.IssuedKey;
import org.affiliateledger.infra.security.ApiKeyController.KeyView;
import org.affiliateledger.infra.security.ApiKeyController.Limits;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * Issues a key for a merchant, by one of its admin keys or by the operator ({@code issuedBy}, shown in the key's audit
 * log), and answers it as recorded: the {@code api_keys} row is written in the issuing transaction, so the
 * {@code createdAt} answered is the one every later read shows.
 */
@Component
public class ApiKeyIssuer {
    public static final String OPERATOR = "operator";

    private final CommandGateway commands;
    private final JdbcClient jdbc;

    public ApiKeyIssuer(CommandGateway commands, JdbcClient jdbc) {
        this.commands = commands;
        this.jdbc = jdbc;
    }

    public IssuedKey issue(String merchantId, IssueRequest request, String issuedBy) {
        List<String> scopes = List.copyOf(new LinkedHashSet<>(request.scopes()));
        scopes.stream().filter(scope -> !ApiKeyController.SCOPES.contains(scope)).findFirst().ifPresent(scope -> {
            throw new InvalidRequestException("unknown scope \"" + scope + "\"; use read, write, admin or *");
        });
        Limits limits = request.rateLimits() == null ? new Limits(null, null) : request.rateLimits();
        String keyId = Ids.API_KEY.next();
        ApiKeySecrets.NewSecret secret = ApiKeySecrets.generate();
        commands.sendAndWait(new IssueApiKey(keyId, merchantId, request.name().strip(), secret.displayPrefix(),
                secret.hash(), scopes, limits.toDomain(), issuedBy));
        return recorded(keyId, secret.plaintext());
    }

    /** The key as its row holds it, with its secret (known only to the request that issued it). */
    public IssuedKey recorded(String keyId, String plaintext) {
        KeyView row = jdbc.sql("SELECT * FROM api_keys WHERE id = ?").param(keyId).query(ApiKeyController.ROW).single();
        return new IssuedKey(row.id(), row.name(), plaintext, row.prefix(), row.scopes(), row.rateLimits(), row.createdAt());
    }
}
