package org.affiliateledger.command.support;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Set-based rules held by the database: a value is claimed once per merchant and kind; a second claimant learns the owner. */
class UniqueClaimsTest {
    private final JdbcClient jdbc = mock(JdbcClient.class);
    private final JdbcClient.StatementSpec statement = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
    @SuppressWarnings("unchecked")
    private final JdbcClient.MappedQuerySpec<String> owner = mock(JdbcClient.MappedQuerySpec.class);
    private final UniqueClaims claims = new UniqueClaims(jdbc);

    {
        when(jdbc.sql(anyString())).thenReturn(statement);
        when(statement.query(String.class)).thenReturn(owner);
    }

    @Test
    void aFreeValueIsClaimedAndNobodyElseOwnsIt() {
        when(statement.update()).thenReturn(1);
        assertThat(claims.claim("mer_1", "affiliate.email", "ann@example.com", "aff_1")).isEmpty();
        verify(jdbc).sql(contains("ON CONFLICT (merchant_id, kind, value) DO NOTHING"));
        verify(statement).params("mer_1", "affiliate.email", "ann@example.com", "aff_1");
        verify(jdbc, never()).sql(contains("SELECT owner_id"));
    }

    @Test
    void aTakenValueNamesItsOwner() {
        when(statement.update()).thenReturn(0);
        when(owner.optional()).thenReturn(Optional.of("aff_older"));
        assertThat(claims.claim("mer_1", "affiliate.email", "ann@example.com", "aff_1")).contains("aff_older");
        verify(statement).params("mer_1", "affiliate.email", "ann@example.com");
    }

    @Test
    void releasesOnlyTheOwnersClaim() {
        claims.release("mer_1", "affiliate.email", "ann@example.com", "aff_1");
        verify(jdbc).sql(contains("DELETE FROM unique_claim"));
        verify(statement).params("mer_1", "affiliate.email", "ann@example.com", "aff_1");
        verify(statement).update();
    }

    @Test
    void findsTheOwnerOfTheFirstClaimedValue() {
        when(owner.optional()).thenReturn(Optional.empty(), Optional.of("cnv_1"));
        assertThat(claims.ownerOfAny("mer_1", "conversion.stripe", List.of("ch_1", "pi_1", "in_1"))).contains("cnv_1");
        verify(statement, never()).params("mer_1", "conversion.stripe", "in_1");
    }

    @Test
    void noValueClaimedHasNoOwner() {
        when(owner.optional()).thenReturn(Optional.empty());
        assertThat(claims.ownerOfAny("mer_1", "conversion.stripe", List.of("ch_1", "pi_1"))).isEmpty();
        assertThat(claims.ownerOfAny("mer_1", "conversion.stripe", List.of())).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void tellsWhetherAnOwnerHoldsAnyClaimOfAKind() {
        JdbcClient.MappedQuerySpec<Boolean> exists = mock(JdbcClient.MappedQuerySpec.class);
        when(statement.query(Boolean.class)).thenReturn(exists);
        when(exists.single()).thenReturn(true, false);
        assertThat(claims.holdsAny("mer_1", "affiliate.short_code", "aff_1")).isTrue();
        assertThat(claims.holdsAny("mer_1", "affiliate.short_code", "aff_2")).isFalse();
        verify(statement).params("mer_1", "affiliate.short_code", "aff_1");
    }
}
