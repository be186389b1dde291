package org.affiliateledger.command.affiliate;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Referred revenue: each sale adds to the affiliate's total in its currency, answered with the tier last promoted to. */
class ReferredRevenueTest {
    private final JdbcClient jdbc = mock(JdbcClient.class);
    private final JdbcClient.StatementSpec statement = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
    private final ReferredRevenue revenue = new ReferredRevenue(jdbc);

    {
        when(jdbc.sql(anyString())).thenReturn(statement);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void addsASaleAndAnswersTheNewTotalWithTheTierOnRecord() {
        when(statement.query(any(RowMapper.class))).thenAnswer(call -> {
            ResultSet row = mock(ResultSet.class);
            when(row.getLong("revenue_cents")).thenReturn(104_900L);
            when(row.getString("tier_name")).thenReturn("silver");
            Object standing = ((RowMapper<?>) call.getArgument(0)).mapRow(row, 0);
            JdbcClient.MappedQuerySpec result = mock(JdbcClient.MappedQuerySpec.class);
            when(result.single()).thenReturn(standing);
            return result;
        });
        assertThat(revenue.add("mer_1", "aff_1", "USD", 4_900)).isEqualTo(new ReferredRevenue.Standing(104_900, "silver"));
        verify(jdbc).sql(contains("revenue_cents = affiliate_referred_revenue.revenue_cents + EXCLUDED.revenue_cents"));
        verify(statement).params("mer_1", "aff_1", "USD", 4_900L);
    }

    @Test
    void keepsThePromotionWithTheRevenue() {
        revenue.promoted("mer_1", "aff_1", "USD", "gold");
        verify(statement).params("gold", "mer_1", "aff_1", "USD");
        verify(statement).update();
    }
}
