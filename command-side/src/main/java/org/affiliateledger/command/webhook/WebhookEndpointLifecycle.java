package org.affiliateledger.command.webhook;

import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.webhook.ChangeWebhookEndpoint;
import org.affiliateledger.events.webhook.DeleteWebhookEndpoint;
import org.affiliateledger.events.webhook.DisableWebhookEndpoint;
import org.affiliateledger.events.webhook.EnableWebhookEndpoint;
import org.affiliateledger.events.webhook.PublicEventTypes;
import org.affiliateledger.events.webhook.RecordExistingWebhookEndpoint;
import org.affiliateledger.events.webhook.RecoverWebhookEndpoint;
import org.affiliateledger.events.webhook.RegisterWebhookEndpoint;
import org.affiliateledger.events.webhook.RotateWebhookSecret;
import org.affiliateledger.events.webhook.WebhookEndpointChanged;
import org.affiliateledger.events.webhook.WebhookEndpointDeleted;
import org.affiliateledger.events.webhook.WebhookEndpointDisabled;
import org.affiliateledger.events.webhook.WebhookEndpointEnabled;
import org.affiliateledger.events.webhook.WebhookEndpointEvent;
import org.affiliateledger.events.webhook.WebhookEndpointHistoryStarted;
import org.affiliateledger.events.webhook.WebhookEndpointRecovered;
import org.affiliateledger.events.webhook.WebhookEndpointRegistered;
import org.affiliateledger.events.webhook.WebhookSecretRotated;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.jspecify.annotations.Nullable;

import java.util.LinkedHashSet;
import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A merchant's webhook endpoint as the history knows it: who registered it, changed its settings, rotated its secret,
 * disabled or enabled it (or whether a 410 Gone answer disabled it), recovered what since when, and deleted it. Its row
 * ({@link WebhookEndpoint}, read by the outbox, the transport and the query side) follows these events
 * ({@link WebhookEndpointRows}). The signing secrets are never in an event: they are issued and stored sealed by the
 * sender ({@link WebhookSecrets}), which records the rotation here first.
 * <p>
 * Whether it is enabled it knows from its own events. Endpoints registered before their changes were events get a
 * {@link WebhookEndpointHistoryStarted} from their row at the first start of this release
 * ({@link WebhookEndpointBackfill}); until then (their first decision may come before it and creates this aggregate)
 * whether they are enabled comes in each command, from the row: a 410 answer used to change only the row.
 */
@Aggregate
public class WebhookEndpointLifecycle {
    static final String DISABLED_BY_MERCHANT = "disabled by the merchant";
    static final String GONE = "the endpoint answered 410 Gone";

    @AggregateIdentifier
    private String endpointId;
    private String merchantId;
    /** Registered through this history, or recorded as it stood: {@link #enabled} is known here, not from the row. */
    private boolean registered;
    private boolean enabled;
    private boolean deleted;

    protected WebhookEndpointLifecycle() {
    }

    @CommandHandler
    WebhookEndpointLifecycle(RegisterWebhookEndpoint command) {
        apply(new WebhookEndpointRegistered(command.endpointId(), command.merchantId(), command.url(), command.description(),
                eventTypes(command.eventTypes()), command.enabled(), command.at()));
    }

    /** @return whether it was recorded (not when its history says what it is already) */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(RecordExistingWebhookEndpoint command) {
        belongsTo(command.endpointId(), command.merchantId());
        if (registered) {
            return false;
        }
        apply(new WebhookEndpointHistoryStarted(command.endpointId(), command.merchantId(), command.url(),
                command.description(), command.eventTypes(), command.enabled() && command.deletedAt() == null,
                command.enabled() ? null : command.disabledReason(), command.registeredAt(), command.deletedAt()));
        return true;
    }

    /** Only what is given changes; nothing given records nothing. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ChangeWebhookEndpoint command) {
        exists(command.endpointId(), command.merchantId());
        if (command.url() == null && command.description() == null && command.eventTypes() == null) {
            return;
        }
        apply(new WebhookEndpointChanged(command.endpointId(), command.merchantId(), command.url(), command.description(),
                command.eventTypes() == null ? null : eventTypes(command.eventTypes()), command.at()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RotateWebhookSecret command) {
        exists(command.endpointId(), command.merchantId());
        apply(new WebhookSecretRotated(command.endpointId(), command.merchantId(),
                command.at().plus(WebhookSecrets.ROTATION_OVERLAP), command.at()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(DeleteWebhookEndpoint command) {
        exists(command.endpointId(), command.merchantId());
        apply(new WebhookEndpointDeleted(command.endpointId(), command.merchantId(), command.at()));
    }

    /** @return whether it was enabled (its pending deliveries are then parked) */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(DisableWebhookEndpoint command) {
        belongsTo(command.endpointId(), command.merchantId());
        if (!enabledNow(command.enabledNow()) || deleted) {
            return false; // disabled already (a deleted endpoint is): nothing to record
        }
        apply(new WebhookEndpointDisabled(command.endpointId(), command.merchantId(),
                command.gone() ? GONE : DISABLED_BY_MERCHANT, command.at()));
        return true;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(EnableWebhookEndpoint command) {
        exists(command.endpointId(), command.merchantId());
        if (enabledNow(command.enabledNow())) {
            return false;
        }
        apply(new WebhookEndpointEnabled(command.endpointId(), command.merchantId(), command.at()));
        return true;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    int handle(RecoverWebhookEndpoint command) {
        exists(command.endpointId(), command.merchantId());
        WebhookRules.disabledEndpointsReceiveNothing(command.endpointId(), enabledNow(command.enabledNow()));
        apply(new WebhookEndpointRecovered(command.endpointId(), command.merchantId(), command.since(), command.deliveries(),
                command.at()));
        return command.deliveries();
    }

    /** The types an endpoint receives: known ones, each once, in the order given; none means every type. */
    static List<String> eventTypes(@Nullable List<String> requested) {
        if (requested == null) {
            return List.of();
        }
        List<String> types = List.copyOf(new LinkedHashSet<>(requested));
        for (String type : types) {
            if (!PublicEventTypes.ALL.contains(type)) {
                throw new InvalidRequestException("unknown event type \"" + type + "\"; known types: "
                        + String.join(", ", PublicEventTypes.ALL));
            }
        }
        return types;
    }

    /** @param row whether the endpoint's row says it is enabled (what the sender loaded) */
    private boolean enabledNow(boolean row) {
        return registered ? enabled : row;
    }

    /** A deleted endpoint is as unknown as a made-up one: nothing more is decided on it. */
    private void exists(String id, String callerMerchantId) {
        belongsTo(id, callerMerchantId);
        if (deleted) {
            throw new NotFoundException("webhook endpoint", id);
        }
    }

    /** Another merchant's endpoint is indistinguishable from one that does not exist. */
    private void belongsTo(String id, String callerMerchantId) {
        if (merchantId != null && !merchantId.equals(callerMerchantId)) {
            throw new NotFoundException("webhook endpoint", id);
        }
    }

    /** Every event of an endpoint names it and its merchant (an endpoint from before these were events starts at any). */
    @EventSourcingHandler
    void on(WebhookEndpointEvent event) {
        endpointId = event.endpointId();
        merchantId = event.merchantId();
    }

    // the handler of the most specific type is the one applied: each of these names the endpoint too

    @EventSourcingHandler
    void on(WebhookEndpointRegistered event) {
        on((WebhookEndpointEvent) event);
        registered = true;
        enabled = event.enabled();
    }

    @EventSourcingHandler
    void on(WebhookEndpointHistoryStarted event) {
        on((WebhookEndpointEvent) event);
        registered = true;
        enabled = event.enabled();
        deleted = event.deletedAt() != null;
    }

    @EventSourcingHandler
    void on(WebhookEndpointDisabled event) {
        on((WebhookEndpointEvent) event);
        enabled = false;
    }

    @EventSourcingHandler
    void on(WebhookEndpointEnabled event) {
        on((WebhookEndpointEvent) event);
        enabled = true;
    }

    @EventSourcingHandler
    void on(WebhookEndpointDeleted event) {
        on((WebhookEndpointEvent) event);
        deleted = true;
        enabled = false;
    }
}
