package org.affiliateledger.infra.audit;

import jakarta.servlet.http.HttpServletRequest;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.AuditMetadata;
import org.affiliateledger.events.common.RequestIds;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MetaData;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The HTTP edge of the audit trail: every command dispatched while a request is served says who sent it and for
 * which request, unless the sender said so itself. The actor is the request's {@link AuditMetadata#ACTOR_ATTRIBUTE}
 * (the Stripe endpoint sets {@code stripe:<event id>}), else its API key ({@code api_key:<key id>}), else
 * {@code admin} under {@code /admin/}, else {@code system}; outside any request (and any handler's unit of work,
 * whose correlation data already carries an actor) it is {@code system}. Controllers need not do anything: they all
 * send through the command bus this interceptor sits on.
 */
public class EdgeCommandAudit implements MessageDispatchInterceptor<CommandMessage<?>> {

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, command) -> enrich(command);
    }

    CommandMessage<?> enrich(CommandMessage<?> command) {
        MetaData metaData = command.getMetaData();
        HttpServletRequest request = currentRequest();
        Map<String, Object> added = new HashMap<>(4);
        if (!metaData.containsKey(AuditMetadata.ACTOR)) {
            added.put(AuditMetadata.ACTOR, actorOf(request));
        }
        if (request != null && !metaData.containsKey(AuditMetadata.REQUEST_ID)) {
            Object requestId = request.getAttribute(RequestIds.ATTRIBUTE);
            if (requestId != null) {
                added.put(AuditMetadata.REQUEST_ID, requestId.toString());
            }
        }
        return added.isEmpty() ? command : command.andMetaData(added);
    }

    static String actorOf(HttpServletRequest request) {
        if (request == null) {
            return AuditMetadata.SYSTEM;
        }
        Object actor = request.getAttribute(AuditMetadata.ACTOR_ATTRIBUTE);
        if (actor != null) {
            return actor.toString();
        }
        if (request.getAttribute(ApiCaller.ATTRIBUTE) instanceof ApiCaller caller) {
            return AuditMetadata.apiKey(caller.keyId());
        }
        return request.getRequestURI().startsWith("/admin/") ? AuditMetadata.ADMIN : AuditMetadata.SYSTEM;
    }

    private static HttpServletRequest currentRequest() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        return attributes instanceof ServletRequestAttributes servlet ? servlet.getRequest() : null;
    }
}
