package org.affiliateledger.infra.audit;

import org.affiliateledger.events.common.AuditMetadata;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.deadline.GenericDeadlineMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a message created while another is handled inherits from it (the contract in AuditMetadata). */
class AuditCorrelationTest {
    private final AuditCorrelation provider = new AuditCorrelation();

    @Test
    void anEdgeCommandStartsAChainAndPassesItsActorRequestAndEffectiveTimeOn() {
        var command = GenericCommandMessage.asCommandMessage("approve").andMetaData(Map.of(
                AuditMetadata.ACTOR, "api_key:key_1", AuditMetadata.REQUEST_ID, "req_1", AuditMetadata.EFFECTIVE_AT, "2026-01-01T00:00:00Z"));
        Map<String, Object> data = Map.copyOf(provider.correlationDataFor(command));
        assertThat(data).containsEntry(AuditMetadata.CORRELATION_ID, command.getIdentifier())
                .containsEntry(AuditMetadata.CAUSATION_ID, command.getIdentifier())
                .containsEntry(AuditMetadata.ACTOR, "api_key:key_1")
                .containsEntry(AuditMetadata.REQUEST_ID, "req_1")
                .containsEntry(AuditMetadata.EFFECTIVE_AT, "2026-01-01T00:00:00Z");
    }

    @Test
    void aSagaReactingToAnEventIsCausedByThatEventAndTakesEffectWhenItDid() {
        var event = new GenericEventMessage<>("paid", MetaData.from(Map.of(AuditMetadata.CORRELATION_ID, "root",
                AuditMetadata.CAUSATION_ID, "cmd", AuditMetadata.ACTOR, "api_key:key_1", AuditMetadata.REQUEST_ID, "req_1")));
        Map<String, Object> data = Map.copyOf(provider.correlationDataFor(event));
        assertThat(data).containsEntry(AuditMetadata.CORRELATION_ID, "root")
                .containsEntry(AuditMetadata.CAUSATION_ID, event.getIdentifier())
                .containsEntry(AuditMetadata.REQUEST_ID, "req_1")
                .containsEntry(AuditMetadata.EFFECTIVE_AT, event.getTimestamp().toString());
        // the saga's command then carries the event as its cause onto the events it causes
        var sagaCommand = GenericCommandMessage.asCommandMessage("pay").andMetaData(data).andMetaData(Map.of(AuditMetadata.ACTOR, "saga:payout"));
        assertThat(Map.<String, Object>copyOf(provider.correlationDataFor(sagaCommand))).containsEntry(AuditMetadata.CAUSATION_ID, event.getIdentifier())
                .containsEntry(AuditMetadata.CORRELATION_ID, "root").containsEntry(AuditMetadata.ACTOR, "saga:payout");
    }

    @Test
    void aDeadlineIsTheSchedulesDoingCausedByTheEventThatScheduledItWithoutARequest() {
        var deadline = GenericDeadlineMessage.asDeadlineMessage("hold", "payload", Instant.now()).andMetaData(Map.of(
                AuditMetadata.CORRELATION_ID, "root", AuditMetadata.CAUSATION_ID, "created-event",
                AuditMetadata.ACTOR, "api_key:key_1", AuditMetadata.REQUEST_ID, "req_1"));
        assertThat(Map.<String, Object>copyOf(provider.correlationDataFor(deadline))).containsEntry(AuditMetadata.CORRELATION_ID, "root")
                .containsEntry(AuditMetadata.CAUSATION_ID, "created-event")
                .containsEntry(AuditMetadata.ACTOR, AuditMetadata.SCHEDULE)
                .doesNotContainKey(AuditMetadata.REQUEST_ID);
    }
}
