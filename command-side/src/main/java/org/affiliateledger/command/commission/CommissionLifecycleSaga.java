package org.affiliateledger.command.commission;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import org.affiliateledger.command.support.AuditedCommands;
import org.affiliateledger.events.commission.ApproveCommission;
import org.affiliateledger.events.commission.CommissionApproved;
import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionFlagCleared;
import org.affiliateledger.events.commission.CommissionFlagged;
import org.affiliateledger.events.commission.CommissionHeld;
import org.affiliateledger.events.commission.CommissionKind;
import org.affiliateledger.events.commission.CommissionPaid;
import org.affiliateledger.events.commission.CommissionRejected;
import org.affiliateledger.events.commission.CommissionReleased;
import org.affiliateledger.events.commission.CommissionStatus;
import org.affiliateledger.events.commission.CommissionVoided;
import org.affiliateledger.events.common.AuditMetadata;
import org.affiliateledger.events.common.LedgerException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;

/**
 * The commission lifecycle: a new commission waits out the merchant's hold period (a persistent deadline, stored in
 * PostgreSQL by db-scheduler, so it survives restarts), then is approved — unless by then it was approved by hand,
 * rejected, voided, paid, or is held by an open dispute or flagged by a fraud rule. A commission released from its hold
 * or cleared of its flag after the hold period is approved at once. The saga only coordinates: it follows the commission's events and sends commands; it reads and
 * writes nothing itself. Its deadline id is kept here and cancelled by id when the commission no longer needs it.
 */
@Saga
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public class CommissionLifecycleSaga {
    static final String HOLD_PERIOD = "commission-hold-period";
    /** The actor of what this saga does in reaction to events (what its deadline does is the {@code schedule}'s). */
    static final String ACTOR = AuditMetadata.saga("commission-lifecycle");
    /** For commissions recorded before the hold end was stored in the event: the program default. */
    static final Duration DEFAULT_HOLD = Duration.ofDays(30);
    private static final Logger log = LoggerFactory.getLogger(CommissionLifecycleSaga.class);

    @JsonIgnore
    private transient CommandGateway commandGateway;
    @JsonIgnore
    private transient DeadlineManager deadlineManager;

    private String commissionId;
    private String merchantId;
    private CommissionStatus status;
    private String deadlineId;
    private boolean holdPeriodOver;
    /** Held by a fraud rule: not approved, however long ago the hold period ended, until the flag is cleared. */
    private boolean flagged;

    /**
     * The deadline's payload. {@code due} is when the hold period ends, the approval's effective time however late
     * the deadline runs (null in deadlines scheduled before it was recorded: then the time it runs).
     */
    public record HoldPeriodEnded(String commissionId, Instant due) {
    }

    @Autowired
    public void setCommandGateway(CommandGateway commandGateway) {
        this.commandGateway = commandGateway;
    }

    @Autowired
    public void setDeadlineManager(DeadlineManager deadlineManager) {
        this.deadlineManager = deadlineManager;
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "commissionId")
    void on(CommissionCreated event, @Timestamp Instant createdAt) {
        commissionId = event.commissionId();
        merchantId = event.merchantId();
        status = CommissionStatus.PENDING;
        if (event.kind() == CommissionKind.CLAWBACK) {
            // approved at creation; nothing to wait for
            SagaLifecycle.end();
            return;
        }
        Instant due = event.approvableAt() != null ? event.approvableAt() : createdAt.plus(DEFAULT_HOLD);
        deadlineId = deadlineManager.schedule(due, HOLD_PERIOD, new HoldPeriodEnded(commissionId, due));
    }

    @DeadlineHandler(deadlineName = HOLD_PERIOD)
    void holdPeriodEnded(HoldPeriodEnded deadline) {
        deadlineId = null;
        holdPeriodOver = true;
        if (status == CommissionStatus.PENDING && !flagged) {
            approve(AuditMetadata.SCHEDULE, deadline.due());
        }
    }

    @SagaEventHandler(associationProperty = "commissionId")
    void on(CommissionHeld event) {
        status = CommissionStatus.HELD;
    }

    @SagaEventHandler(associationProperty = "commissionId")
    void on(CommissionReleased event) {
        status = event.restoredTo();
        if (status == CommissionStatus.PENDING && holdPeriodOver && !flagged) {
            approve(ACTOR, null);
        } else if (status != CommissionStatus.PENDING) {
            finish();
        }
    }

    @SagaEventHandler(associationProperty = "commissionId")
    void on(CommissionFlagged event) {
        flagged = true;
    }

    /** Cleared after the hold period ended: approved at once, like a commission released from a dispute. */
    @SagaEventHandler(associationProperty = "commissionId")
    void on(CommissionFlagCleared event) {
        flagged = false;
        if (status == CommissionStatus.PENDING && holdPeriodOver) {
            approve(ACTOR, null);
        }
    }

    @SagaEventHandler(associationProperty = "commissionId")
    void on(CommissionApproved event) {
        finish();
    }

    @SagaEventHandler(associationProperty = "commissionId")
    void on(CommissionRejected event) {
        finish();
    }

    @SagaEventHandler(associationProperty = "commissionId")
    void on(CommissionVoided event) {
        finish();
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "commissionId")
    void on(CommissionPaid event) {
        cancelDeadline();
    }

    /**
     * @param actor       the schedule (the hold period ended) or this saga (a release or cleared flag after it ended)
     * @param effectiveAt the end of the hold period for the schedule; null for the saga (its cause's effective time)
     */
    private void approve(String actor, Instant effectiveAt) {
        try {
            commandGateway.sendAndWait(AuditedCommands.with(new ApproveCommission(commissionId, merchantId), actor, effectiveAt));
        } catch (LedgerException | CommandExecutionException e) {
            // the commission changed between its event and this deadline (e.g. voided a moment ago): nothing to approve
            log.info("hold period of commission {} ended, not approved: {}", commissionId, e.getMessage());
        }
    }

    /** Approved, rejected or voided: the lifecycle no longer needs this saga (payouts take approved commissions on). */
    private void finish() {
        cancelDeadline();
        SagaLifecycle.end();
    }

    private void cancelDeadline() {
        if (deadlineId != null) {
            deadlineManager.cancelSchedule(HOLD_PERIOD, deadlineId);
            deadlineId = null;
        }
    }
}
