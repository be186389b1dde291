package org.affiliateledger.command.apikey;

import org.axonframework.modelling.command.Repository;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.lang.reflect.Field;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The last-admin-key rule counts the merchant's other active admin keys, locked, leaving out the key being revoked. */
class ApiKeyRevocationAdminKeysTest {
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ApiKeyRevocation.AdminKeys adminKeys(JdbcClient jdbc) throws Exception {
        ApiKeyRevocation revocation = new ApiKeyRevocation(mock(Repository.class), jdbc);
        Field field = ApiKeyRevocation.class.getDeclaredField("adminKeys");
        field.setAccessible(true);
        return (ApiKeyRevocation.AdminKeys) field.get(revocation);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void theOtherActiveAdminKeysAreTheMerchantsActiveAdminKeysButThisOne() throws Exception {
        JdbcClient jdbc = mock(JdbcClient.class);
        JdbcClient.StatementSpec statement = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
        JdbcClient.MappedQuerySpec ids = mock(JdbcClient.MappedQuerySpec.class);
        when(jdbc.sql(anyString())).thenReturn(statement);
        when(statement.query(String.class)).thenReturn(ids);
        when(ids.list()).thenReturn(List.of("key_a", "key_b", "key_c"));

        assertThat(adminKeys(jdbc).othersActive("mer_1", "key_b")).isEqualTo(2);
        assertThat(adminKeys(jdbc).othersActive("mer_1", "key_z")).isEqualTo(3);
        verify(statement, org.mockito.Mockito.times(2)).param("mer_1");
        verify(jdbc, org.mockito.Mockito.times(2)).sql(contains("revoked_at IS NULL"));
        verify(jdbc, org.mockito.Mockito.times(2)).sql(contains("FOR UPDATE"));
    }
}
