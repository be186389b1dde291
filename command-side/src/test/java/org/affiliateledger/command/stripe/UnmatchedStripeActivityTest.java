package org.affiliateledger.command.stripe;

import org.affiliateledger.events.conversion.RecordUnmatchedStripeActivity;
import org.affiliateledger.events.conversion.StripeActivityUnmatched;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/** A refund or dispute of a charge the ledger never recorded is kept in the history as unmatched activity. */
class UnmatchedStripeActivityTest {
    @Test
    void unmatchedActivityIsPublishedAsItsEvent() {
        EventBus events = mock(EventBus.class);
        new UnmatchedStripeActivity(events).handle(new RecordUnmatchedStripeActivity("mer_1", "refund", "ch_1", "re_1", 500, "usd"));
        ArgumentCaptor<EventMessage<?>> published = ArgumentCaptor.forClass(EventMessage.class);
        verify(events).publish(published.capture());
        assertThat(published.getValue().getPayload())
                .isEqualTo(new StripeActivityUnmatched("mer_1", "refund", "ch_1", "re_1", 500, "usd"));
    }
}
