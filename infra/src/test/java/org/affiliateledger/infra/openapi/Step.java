package org.affiliateledger.infra.openapi;

/** A row of the contract scenario: a {@link Call}, or preparation the API cannot do itself (yet). */
sealed interface Step permits Call, Step.Setup {

    record Setup(String name, Runnable action) implements Step {
        @Override
        public String toString() {
            return name;
        }
    }

    static Setup setup(String name, Runnable action) {
        return new Setup(name, action);
    }
}
