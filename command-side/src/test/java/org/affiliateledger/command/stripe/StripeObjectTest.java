package org.affiliateledger.command.stripe;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading a Stripe object whatever API version shaped it: absent, null, an id or the expanded object. */
class StripeObjectTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static StripeObject object(String json) {
        return new StripeObject(JSON.readTree(json.replace('\'', '"')));
    }

    @Test
    void readsTextAtADottedPath() {
        StripeObject charge = object("{'id': 'ch_1', 'billing_details': {'email': 'a@example.com'}}");
        assertThat(charge.text("id")).isEqualTo("ch_1");
        assertThat(charge.text("billing_details.email")).isEqualTo("a@example.com");
    }

    @Test
    void readsTheIdOfAnExpandedObject() {
        assertThat(object("{'customer': {'id': 'cus_1', 'email': 'x'}}").text("customer")).isEqualTo("cus_1");
        assertThat(object("{'customer': {'email': 'x'}}").text("customer")).isNull();
        assertThat(object("{'customer': {'id': null}}").text("customer")).isNull();
    }

    @Test
    void readsAbsentNullAndBlankTextAsNothing() {
        StripeObject o = object("{'a': null, 'b': '  ', 'c': {'d': 1}}");
        assertThat(o.text("a")).isNull();
        assertThat(o.text("b")).isNull();
        assertThat(o.text("missing")).isNull();
        assertThat(o.text("c.d.e")).as("a path through a number").isNull();
        assertThat(o.text("a.b")).as("a path through null").isNull();
    }

    @Test
    void readsWholeAmountsAndZeroForAnythingElse() {
        StripeObject o = object("{'amount': 4900, 'fraction': 49.5, 'text': '4900'}");
        assertThat(o.amount("amount")).isEqualTo(4900);
        assertThat(o.amount("fraction")).isZero();
        assertThat(o.amount("text")).isZero();
        assertThat(o.amount("missing")).isZero();
    }

    @Test
    void readsOnlyATrueBooleanAsAFlag() {
        StripeObject o = object("{'yes': true, 'no': false, 'text': 'true'}");
        assertThat(o.flag("yes")).isTrue();
        assertThat(o.flag("no")).isFalse();
        assertThat(o.flag("text")).isFalse();
        assertThat(o.flag("missing")).isFalse();
    }

    @Test
    void readsUnixSecondsAsAnInstantAndNothingElse() {
        StripeObject o = object("{'created': 1772280000, 'zero': 0, 'negative': -5, 'text': '1772280000'}");
        assertThat(o.time("created")).contains(Instant.parse("2026-02-28T12:00:00Z"));
        assertThat(o.time("zero")).isEmpty();
        assertThat(o.time("negative")).isEmpty();
        assertThat(o.time("text")).isEmpty();
        assertThat(o.time("missing")).isEmpty();
    }

    @Test
    void readsMetadataByKey() {
        assertThat(object("{'metadata': {'affiliate_id': 'jane'}}").metadata("affiliate_id")).isEqualTo("jane");
        assertThat(object("{}").metadata("affiliate_id")).isNull();
    }

    @Test
    void readsTheFirstElementOfAListOrOfAPlainArray() {
        assertThat(object("{'charges': {'data': [{'id': 'ch_1'}, {'id': 'ch_2'}]}}").first("charges").map(c -> c.text("id"))).contains("ch_1");
        assertThat(object("{'refunds': [{'id': 're_1'}]}").first("refunds").map(c -> c.text("id"))).contains("re_1");
        assertThat(object("{'charges': {'data': []}}").first("charges")).isEmpty();
        assertThat(object("{'charges': {'object': 'list'}}").first("charges")).isEmpty();
        assertThat(object("{'charges': 'ch_1'}").first("charges")).isEmpty();
        assertThat(object("{}").first("charges")).isEmpty();
    }

    @Test
    void readsANestedObjectOnlyWhenItIsOne() {
        assertThat(object("{'payment': {'charge': 'ch_1'}}").object("payment").map(p -> p.text("charge"))).contains("ch_1");
        assertThat(object("{'payment': 'pay_1'}").object("payment")).isEmpty();
        assertThat(object("{}").object("payment")).isEmpty();
    }
}
