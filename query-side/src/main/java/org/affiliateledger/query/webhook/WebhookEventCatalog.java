package org.affiliateledger.query.webhook;

import io.swagger.v3.oas.annotations.media.Schema;
import org.affiliateledger.events.webhook.PublicEventTypes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The webhook event catalog: every public type an endpoint can subscribe to, what sends it and the fields of its
 * {@code data}; plus {@value #TEST_TYPE}, which only "send a test event" sends (to the one endpoint, whatever its filter).
 * {@code GET /api/v1/webhook-event-types} and the dashboard show it.
 */
public final class WebhookEventCatalog {
    public static final String TEST_TYPE = PublicEventTypes.TEST;

    @Schema(name = "WebhookEventType")
    public record EventType(@Schema(example = "commission.created") String type, String description,
                            @Schema(description = "The fields of the message's `data`") List<String> dataFields,
                            @Schema(description = "Whether an endpoint's `event_types` may name it (false: sent only on request)")
                            boolean subscribable) {
    }

    private static final Map<String, EventType> TYPES = Map.ofEntries(
            entry(PublicEventTypes.AFFILIATE_APPROVED, "An affiliate became active: approved, registered as active, or "
                    + "reinstated after a suspension (then reinstated is true)", "affiliateId", "reinstated"),
            entry(PublicEventTypes.AFFILIATE_SUSPENDED, "An affiliate was suspended", "affiliateId", "reason"),
            entry(PublicEventTypes.AFFILIATE_TIER_PROMOTED, "Referred revenue reached a performance tier", "affiliateId",
                    "tierName", "rate", "referredRevenueCents", "currency"),
            entry(PublicEventTypes.COMMISSION_CREATED, "A commission (or a clawback) was created for a conversion", "commissionId",
                    "conversionId", "affiliateId", "tier", "kind", "rate", "amountCents", "currency", "clawbackOf"),
            entry(PublicEventTypes.COMMISSION_APPROVED, "A commission was approved (by a person or at the end of its hold)",
                    "commissionId", "conversionId", "affiliateId", "amountCents", "currency"),
            entry(PublicEventTypes.COMMISSION_VOIDED, "A commission was voided (refund, lost dispute, or by a person)",
                    "commissionId", "conversionId", "affiliateId", "reason"),
            entry(PublicEventTypes.COMMISSION_PAID, "A commission was paid", "commissionId", "conversionId", "affiliateId",
                    "amountCents", "currency", "externalReference"),
            entry(PublicEventTypes.FRAUD_FLAGGED, "A fraud rule held a conversion's commissions", "conversionId", "affiliateId",
                    "commissionIds", "rule", "detail"),
            entry(PublicEventTypes.PAYOUT_SENT, "A payout was sent", "payoutId", "affiliateId", "amountCents", "currency",
                    "externalReference"),
            entry(PublicEventTypes.PAYOUT_PAID, "A payout was paid", "payoutId", "affiliateId", "amountCents", "currency",
                    "externalReference"),
            entry(PublicEventTypes.PAYOUT_FAILED, "A payout failed; its commissions are released", "payoutId", "affiliateId",
                    "amountCents", "currency", "reason"),
            entry(PublicEventTypes.TAX_FORM_SUBMITTED, "An affiliate's tax form was recorded", "affiliateId", "formType",
                    "receivedOn"));
    private static final EventType TEST = new EventType(TEST_TYPE, "Sent only by \"send a test event\" "
            + "(POST /api/v1/webhook-endpoints/{id}/test), to that one endpoint whatever its filter", List.of("endpointId", "test"),
            false);

    private WebhookEventCatalog() {
    }

    private static Map.Entry<String, EventType> entry(String type, String description, String... fields) {
        return Map.entry(type, new EventType(type, description, List.of(fields), true));
    }

    /** Every type in the order of {@link PublicEventTypes#ALL}, then the test type. */
    public static List<EventType> all() {
        List<EventType> all = new ArrayList<>();
        for (String type : PublicEventTypes.ALL) {
            all.add(TYPES.getOrDefault(type, new EventType(type, type, List.of(), true)));
        }
        all.add(TEST);
        return all;
    }

    /** The types a message can have: the public ones and the test type. */
    public static List<String> messageTypes() {
        List<String> types = new ArrayList<>(PublicEventTypes.ALL);
        types.add(TEST_TYPE);
        return types;
    }

    public static boolean isMessageType(String type) {
        return PublicEventTypes.ALL.contains(type) || TEST_TYPE.equals(type);
    }
}
