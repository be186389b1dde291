package org.affiliateledger.events.common;

/** Well-formed input the ledger cannot act on as it stands, e.g. an expired click session or a reward in another currency (422). */
public class UnprocessableException extends LedgerException {
    public UnprocessableException(String message) {
        super(message);
    }

    @Override
    protected String defaultCode() {
        return "unprocessable";
    }
}
