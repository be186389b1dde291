package org.affiliateledger.events.apikey;

import java.util.List;

public record IssueApiKey(String keyId, String merchantId, String name, String prefix, String secretHash, List<String> scopes) {
}
