package org.affiliateledger.command.link;

import org.affiliateledger.events.affiliate.AffiliateApproved;
import org.affiliateledger.events.affiliate.AffiliateBanned;
import org.affiliateledger.events.affiliate.AffiliatePaused;
import org.affiliateledger.events.affiliate.AffiliateRegistered;
import org.affiliateledger.events.affiliate.AffiliateReinstated;
import org.affiliateledger.events.affiliate.AffiliateResumed;
import org.affiliateledger.events.affiliate.AffiliateSuspended;
import org.affiliateledger.events.merchant.AttributionSettingsChanged;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The links index: a code is live while its affiliate is active; the program's landing URL and window come from its settings. */
class AffiliateLinksTest {
    private final JdbcClient jdbc = mock(JdbcClient.class);
    private final JdbcClient.StatementSpec statement = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
    private final AffiliateLinks links = new AffiliateLinks(jdbc);

    {
        when(jdbc.sql(anyString())).thenReturn(statement);
    }

    private void setsActive(boolean active) {
        verify(jdbc).sql("UPDATE affiliate_link SET active = ? WHERE affiliate_id = ?");
        verify(statement).params(active, "aff_1");
        verify(statement).update();
    }

    @Test
    void aRegisteredAffiliatesCodeIsKeptInLowerCaseAndNotYetLive() {
        links.on(new AffiliateRegistered("aff_1", "mer_1", "Jane", "jane@example.com", "Jane-S", null, Instant.EPOCH));
        verify(jdbc).sql(contains("VALUES (?, ?, ?, false)"));
        verify(statement).params("mer_1", "jane-s", "aff_1");
        verify(statement).update();
    }

    @Test
    void approvalMakesTheLinkLive() {
        links.on(new AffiliateApproved("aff_1", "mer_1"));
        setsActive(true);
    }

    @Test
    void resumingMakesTheLinkLive() {
        links.on(new AffiliateResumed("aff_1", "mer_1"));
        setsActive(true);
    }

    @Test
    void reinstatingMakesTheLinkLive() {
        links.on(new AffiliateReinstated("aff_1", "mer_1"));
        setsActive(true);
    }

    @Test
    void pausingTakesTheLinkDown() {
        links.on(new AffiliatePaused("aff_1", "mer_1"));
        setsActive(false);
    }

    @Test
    void suspendingTakesTheLinkDown() {
        links.on(new AffiliateSuspended("aff_1", "mer_1", "review"));
        setsActive(false);
    }

    @Test
    void banningTakesTheLinkDown() {
        links.on(new AffiliateBanned("aff_1", "mer_1", "fraud"));
        setsActive(false);
    }

    @Test
    void keepsTheProgramsLandingUrlAndWindow() {
        links.on(new AttributionSettingsChanged("mer_1", "https://shop.example", 14));
        verify(jdbc).sql(contains("INSERT INTO link_program"));
        verify(statement).params("mer_1", "https://shop.example", 14);
        verify(statement).update();
    }

    @Test
    void normalisesACodeToLowerCaseAndRefusesWhatCannotBeOne() {
        assertThat(AffiliateLinks.normalise("Jane")).isEqualTo("jane");
        assertThat(AffiliateLinks.normalise("x".repeat(64))).isEqualTo("x".repeat(64));
        assertThat(AffiliateLinks.normalise("x".repeat(65))).isNull();
        assertThat(AffiliateLinks.normalise("")).isNull();
        assertThat(AffiliateLinks.normalise(null)).isNull();
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void resolvesTheProgramAndTheActiveAffiliateOfACode() {
        when(statement.query(any(RowMapper.class))).thenAnswer(call -> {
            ResultSet row = mock(ResultSet.class);
            when(row.getString("landing_url")).thenReturn("https://shop.example");
            when(row.getInt("window_days")).thenReturn(14);
            when(row.getString("affiliate_id")).thenReturn("aff_1");
            Object target = ((RowMapper<?>) call.getArgument(0)).mapRow(row, 0);
            JdbcClient.MappedQuerySpec result = mock(JdbcClient.MappedQuerySpec.class);
            when(result.optional()).thenReturn(Optional.of(target));
            return result;
        });
        AffiliateLinks.Target target = links.resolve("mer_1", "JANE").orElseThrow();
        assertThat(target).isEqualTo(new AffiliateLinks.Target("mer_1", "https://shop.example", 14, "aff_1", "jane"));
        assertThat(target.attributed()).isTrue();
        assertThat(new AffiliateLinks.Target("mer_1", "https://shop.example", 14, null, "jane").attributed()).isFalse();
        verify(statement).params("jane", "mer_1");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aCodeThatCannotBeOneResolvesToTheProgramAlone() {
        JdbcClient.MappedQuerySpec result = mock(JdbcClient.MappedQuerySpec.class);
        when(statement.query(any(RowMapper.class))).thenReturn(result);
        when(result.optional()).thenReturn(Optional.empty());
        links.resolve("mer_1", "x".repeat(65));
        verify(statement).params("", "mer_1");
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsTheProgramsUsingACode() {
        JdbcClient.MappedQuerySpec<String> result = mock(JdbcClient.MappedQuerySpec.class);
        when(statement.query(String.class)).thenReturn(result);
        when(result.list()).thenReturn(List.of("mer_1", "mer_2"));
        assertThat(links.merchantsUsing("Jane")).containsExactly("mer_1", "mer_2");
        verify(statement).params("jane");
    }

    @Test
    void aCodeThatCannotBeOneIsUsedByNoProgram() {
        assertThat(links.merchantsUsing("")).isEmpty();
        verifyNoInteractions(jdbc);
    }
}
