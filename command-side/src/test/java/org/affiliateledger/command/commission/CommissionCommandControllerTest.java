package org.affiliateledger.command.commission;

import org.affiliateledger.command.commission.CommissionCommandController.ClearFlagRequest;
import org.affiliateledger.command.commission.CommissionCommandController.PayRequest;
import org.affiliateledger.command.commission.CommissionCommandController.ReasonRequest;
import org.affiliateledger.command.commission.CommissionCommandController.Transition;
import org.affiliateledger.events.commission.ApproveCommission;
import org.affiliateledger.events.commission.ClearCommissionFlag;
import org.affiliateledger.events.commission.CommissionStatus;
import org.affiliateledger.events.commission.PayCommission;
import org.affiliateledger.events.commission.RejectCommission;
import org.affiliateledger.events.commission.VoidCommission;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** A commission's transitions over HTTP: each becomes its command for the caller's merchant and answers the new status. */
class CommissionCommandControllerTest {
    private static final String MER = "mer_1";
    private static final String COM = "com_01hzy8xv4q6n2r5t7w9y1b3d5f";
    private static final ApiCaller CALLER = new ApiCaller("key_1", MER, Set.of("write"));

    private final CommandGateway commands = mock(CommandGateway.class);
    private final CommissionCommandController controller = new CommissionCommandController(commands);

    @Test
    void approvingSendsTheApprovalAndAnswersTheNewStatus() {
        when(commands.sendAndWait(any())).thenReturn(CommissionStatus.APPROVED);
        assertThat(controller.approve(CALLER, COM)).isEqualTo(new Transition(COM, "approved"));
        verify(commands).sendAndWait(new ApproveCommission(COM, MER));
    }

    @Test
    void rejectingAndVoidingKeepTheReasonGivenOrNone() {
        when(commands.sendAndWait(any())).thenReturn(CommissionStatus.REJECTED, CommissionStatus.VOIDED, CommissionStatus.VOIDED);
        assertThat(controller.reject(CALLER, COM, new ReasonRequest("not a real sale")).status()).isEqualTo("rejected");
        verify(commands).sendAndWait(new RejectCommission(COM, MER, "not a real sale"));
        assertThat(controller.voidCommission(CALLER, COM, new ReasonRequest("refunded")).status()).isEqualTo("voided");
        verify(commands).sendAndWait(new VoidCommission(COM, MER, "refunded"));
        controller.voidCommission(CALLER, COM, null);
        verify(commands).sendAndWait(new VoidCommission(COM, MER, null));
    }

    @Test
    void rejectingWithoutABodyGivesNoReason() {
        when(commands.sendAndWait(any())).thenReturn(CommissionStatus.REJECTED);
        controller.reject(CALLER, COM, null);
        verify(commands).sendAndWait(new RejectCommission(COM, MER, null));
    }

    @Test
    void payingKeepsTheExternalReferenceInEitherSpelling() {
        when(commands.sendAndWait(any())).thenReturn(CommissionStatus.PAID);
        assertThat(controller.pay(CALLER, COM, new PayRequest("PAYPAL-7781", null))).isEqualTo(new Transition(COM, "paid"));
        verify(commands).sendAndWait(new PayCommission(COM, MER, "PAYPAL-7781"));
        controller.pay(CALLER, COM, new PayRequest(null, "WIRE-1"));
        verify(commands).sendAndWait(new PayCommission(COM, MER, "WIRE-1"));
        controller.pay(CALLER, COM, null);
        verify(commands).sendAndWait(new PayCommission(COM, MER, null));
    }

    @Test
    void bothSpellingsOfTheReferenceAreRefused() {
        assertThatThrownBy(() -> controller.pay(CALLER, COM, new PayRequest("A", "B")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("not both");
        verifyNoInteractions(commands);
    }

    @Test
    void clearingTheFlagKeepsTheReviewersNote() {
        when(commands.sendAndWait(any())).thenReturn(CommissionStatus.PENDING);
        assertThat(controller.clearFlag(CALLER, COM, new ClearFlagRequest("customer verified")).status()).isEqualTo("pending");
        verify(commands).sendAndWait(new ClearCommissionFlag(COM, MER, "customer verified"));
        controller.clearFlag(CALLER, COM, null);
        verify(commands).sendAndWait(new ClearCommissionFlag(COM, MER, null));
    }

    @Test
    void somethingThatIsNotACommissionIdIsNotFound() {
        assertThatThrownBy(() -> controller.approve(CALLER, "pay_1")).isInstanceOf(NotFoundException.class);
        verifyNoInteractions(commands);
    }
}
