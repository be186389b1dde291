package org.affiliateledger.command.affiliate;

import org.affiliateledger.events.affiliate.SubmitTaxForm;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/** {@code POST /api/v1/affiliates/{id}/tax-form}: the form type in its canonical spelling, kept with the date it was received. */
class TaxFormControllerTest {
    private static final String AFF = "aff_01hzy8xv4q6n2r5t7w9y1b3d5f";
    private static final ApiCaller CALLER = new ApiCaller("key_1", "mer_1", Set.of("write"));
    private final CommandGateway commands = mock(CommandGateway.class);
    private final TaxFormController controller = new TaxFormController(commands);

    @Test
    void recordsTheFormInItsCanonicalSpellingAndAnswersIt() {
        TaxFormController.TaxFormView view = controller.submit(CALLER, AFF,
                new TaxFormController.TaxFormRequest(" w-8ben ", LocalDate.of(2026, 2, 1)));

        ArgumentCaptor<SubmitTaxForm> command = ArgumentCaptor.forClass(SubmitTaxForm.class);
        verify(commands).sendAndWait(command.capture());
        assertThat(command.getValue().affiliateId()).isEqualTo(AFF);
        assertThat(command.getValue().merchantId()).isEqualTo("mer_1");
        assertThat(command.getValue().formType()).isEqualTo("W-8BEN");
        assertThat(command.getValue().receivedOn()).isEqualTo(LocalDate.of(2026, 2, 1));
        assertThat(view.affiliateId()).isEqualTo(AFF);
        assertThat(view.formType()).isEqualTo("W-8BEN");
        assertThat(view.receivedOn()).isEqualTo("2026-02-01");
        assertThat(Instant.parse(view.submittedAt())).isEqualTo(command.getValue().submittedAt());
    }

    @Test
    void anUnknownFormTypeIsRefused() {
        assertThatThrownBy(() -> controller.submit(CALLER, AFF, new TaxFormController.TaxFormRequest("1099", LocalDate.of(2026, 2, 1))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("W-9");
        verifyNoInteractions(commands);
    }

    @Test
    void somethingThatIsNotAnAffiliateIdIsNotFound() {
        assertThatThrownBy(() -> controller.submit(CALLER, "pay_1", new TaxFormController.TaxFormRequest("W-9", LocalDate.of(2026, 2, 1))))
                .isInstanceOf(NotFoundException.class);
        verifyNoInteractions(commands);
    }
}
