package org.affiliateledger.events.conversion;

/** Where a conversion came from; together with the external id it is the conversion's unique key per merchant. */
public enum ConversionSource {
    MANUAL, STRIPE, EVENT
}
