package org.affiliateledger.command.support;

import org.affiliateledger.events.common.AuditMetadata;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A command with the audit metadata its sender knows better than the HTTP edge does: who acts (a saga, the
 * schedule) and when the change took effect in the world (a Stripe object's {@code created}, a payout's
 * {@code paid_at}). What is not given here is filled in by the command bus's edge interceptor and Axon's correlation
 * data (see AuditMetadata).
 */
public final class AuditedCommands {
    private AuditedCommands() {
    }

    /** {@code command} sent by {@code actor} (e.g. {@code saga:payout}). */
    public static CommandMessage<?> by(String actor, Object command) {
        return with(command, actor, null);
    }

    /** {@code command} whose effect dates from {@code effectiveAt}. */
    public static CommandMessage<?> effective(Instant effectiveAt, Object command) {
        return with(command, null, effectiveAt);
    }

    /** @param actor null to leave it to the edge; @param effectiveAt null for "when recorded" */
    public static CommandMessage<?> with(Object command, String actor, Instant effectiveAt) {
        Map<String, Object> metaData = new HashMap<>(2);
        if (actor != null) {
            metaData.put(AuditMetadata.ACTOR, actor);
        }
        if (effectiveAt != null) {
            metaData.put(AuditMetadata.EFFECTIVE_AT, effectiveAt.toString());
        }
        CommandMessage<?> message = GenericCommandMessage.asCommandMessage(command);
        return metaData.isEmpty() ? message : message.andMetaData(metaData);
    }
}
