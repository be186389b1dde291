package org.affiliateledger.command;

import org.affiliateledger.events.common.LedgerException;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Matches a refusal by its stable {@code code}, for given/when/then fixtures: {@code .expectException(RefusalCode.is("x"))}. */
public final class RefusalCode {
    private RefusalCode() {
    }

    public static Matcher<LedgerException> is(String code) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(LedgerException refusal) {
                return code.equals(refusal.code());
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a refusal with code ").appendValue(code);
            }

            @Override
            protected void describeMismatchSafely(LedgerException refusal, Description description) {
                description.appendText("its code was ").appendValue(refusal.code());
            }
        };
    }
}
