package org.affiliateledger.command.support;

import java.util.List;

/**
 * What re-sealing one table of secrets did.
 *
 * @param resealed       values re-sealed with the sealing key
 * @param alreadyCurrent values that were sealed with it already
 * @param unreadable     values no configured key opens (named, never shown): add their key to LEDGER_SECRETS_KEY
 */
public record ResealCount(int resealed, int alreadyCurrent, List<String> unreadable) {
}
