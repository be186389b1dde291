package org.affiliateledger.command.affiliate;

import org.affiliateledger.command.affiliate.AffiliateChangeController.ChangeRequest;
import org.affiliateledger.command.affiliate.AffiliateCommandController.RegisterRequest;
import org.affiliateledger.events.affiliate.RegisterAffiliate;
import org.affiliateledger.events.affiliate.UpdateAffiliate;
import org.affiliateledger.events.affiliate.UpdateAffiliate.OverrideChange;
import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.InvalidRequestException;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The two dialects of the affiliate requests, made one command: the affilut fields ({@code name}, {@code short_code},
 * {@code commission_override} as a percent string, {@code status} pending|active, {@code parent_id}) and the Cobalz ones
 * ({@code display_name}, {@code slug}, {@code custom_commission_rate} as a fraction of one, {@code status}
 * approved|pending, {@code parent_email}). Either spelling of a field may be used, never both; the affiliate's own rules
 * (blank names, banned affiliates, unique emails, the lineage) are the aggregate's.
 */
final class AffiliateRequests {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private AffiliateRequests() {
    }

    /** A registration: the short code is made from the name when none is given. */
    static RegisterAffiliate registration(String affiliateId, String merchantId, Instant registeredAt, RegisterRequest request) {
        String name = oneOf("name", request.name(), "display_name", request.displayName());
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("name (or display_name) must not be blank");
        }
        name = name.strip();
        String givenCode = oneOf("short_code", request.shortCode(), "slug", request.slug());
        CommissionRate override = override(request);
        oneOf("parent_id", request.parentId(), "parent_email", request.parentEmail());
        String shortCode = givenCode != null ? givenCode : ShortCodes.from(name);
        boolean activate = "active".equals(request.status()) || "approved".equals(request.status());
        String parentId = request.parentId() == null ? null : request.parentId().strip();
        return new RegisterAffiliate(affiliateId, merchantId, name, request.email().strip(), shortCode, override, activate,
                registeredAt, parentId, request.parentEmail());
    }

    /** A PATCH: fields of the registration that cannot change here are refused, never silently ignored. */
    static UpdateAffiliate change(String affiliateId, String merchantId, ChangeRequest request) {
        refuseUnchangeable(request);
        String name = oneOf("name", request.name(), "display_name", request.displayName());
        if (name != null && name.isBlank()) {
            throw new InvalidRequestException((request.name() != null ? "name" : "display_name") + " must not be blank");
        }
        if (request.email() != null && request.email().isBlank()) {
            throw new InvalidRequestException("email must not be blank");
        }
        return new UpdateAffiliate(affiliateId, merchantId, name, request.email() == null ? null : request.email().strip(),
                overrideChange(request));
    }

    /** The one value given for a field that has an affilut and a Cobalz spelling; both given is a mixed body. */
    static <T> @Nullable T oneOf(String nativeName, @Nullable T nativeValue, String cobalzName, @Nullable T cobalzValue) {
        if (nativeValue != null && cobalzValue != null) {
            throw new InvalidRequestException("give " + nativeName + " or " + cobalzName + ", not both").withCode("conflicting_fields");
        }
        return nativeValue != null ? nativeValue : cobalzValue;
    }

    /** Cobalz's {@code custom_commission_rate}: a fraction of one (0.2 = 20 %), 0–1 with at most six decimals. */
    static CommissionRate fromFraction(BigDecimal fraction) {
        if (fraction.signum() < 0 || fraction.compareTo(BigDecimal.ONE) > 0) {
            throw new InvalidRequestException("custom_commission_rate is a fraction between 0 and 1 (0.2 = 20 %), got "
                    + fraction.toPlainString());
        }
        if (fraction.stripTrailingZeros().scale() > 6) {
            throw new InvalidRequestException("custom_commission_rate has more than six decimals: " + fraction.toPlainString());
        }
        return CommissionRate.of(fraction.multiply(HUNDRED).toPlainString());
    }

    /** {@code commission_override} is a percent string; Cobalz's {@code custom_commission_rate} a fraction of one. */
    private static @Nullable CommissionRate override(RegisterRequest request) {
        oneOf("commission_override", request.commissionOverride(), "custom_commission_rate", request.customCommissionRate());
        if (request.commissionOverride() != null) {
            return CommissionRate.of(request.commissionOverride());
        }
        BigDecimal fraction = request.customCommissionRate();
        return fraction == null ? null : fromFraction(fraction);
    }

    /** Absent: unchanged; a value holding null: removed (the program's rates apply). */
    private static @Nullable OverrideChange overrideChange(ChangeRequest request) {
        oneOf("commission_override", request.commissionOverride(), "custom_commission_rate", request.customCommissionRate());
        if (request.commissionOverride() != null) {
            String percent = request.commissionOverride().value();
            return new OverrideChange(percent == null ? null : CommissionRate.of(percent));
        }
        if (request.customCommissionRate() != null) {
            BigDecimal fraction = request.customCommissionRate().value();
            return new OverrideChange(fraction == null ? null : fromFraction(fraction));
        }
        return null;
    }

    private static void refuseUnchangeable(ChangeRequest request) {
        if (request.shortCode() != null || request.slug() != null) {
            throw new InvalidRequestException((request.shortCode() != null ? "short_code" : "slug")
                    + " cannot change: links already shared carry it. Register a new affiliate for a new code")
                    .withCode("field_not_changeable");
        }
        if (request.status() != null) {
            throw new InvalidRequestException("status changes through POST /api/v1/affiliates/{id}/approve, pause, resume, "
                    + "suspend, reinstate or ban").withCode("field_not_changeable");
        }
        if (request.parentId() != null || request.parentEmail() != null) {
            throw new InvalidRequestException((request.parentId() != null ? "parent_id" : "parent_email")
                    + " cannot change: the parent is fixed at registration, so the lineage can never form a cycle")
                    .withCode("field_not_changeable");
        }
    }
}
