package org.affiliateledger.events.conversion;

import org.affiliateledger.events.merchant.FraudRules;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Screens a new conversion against the program's fraud rules with what was counted for them: each rule that fires
 * records a {@link FraudFlagged} with its evidence. Answers the rules that fired.
 */
public record ScreenConversion(@TargetAggregateIdentifier String conversionId, String merchantId, FraudRules rules, FraudObservations observed) {
}
