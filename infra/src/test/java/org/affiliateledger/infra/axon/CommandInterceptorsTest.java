package org.affiliateledger.infra.axon;

import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.util.ReflectionTestUtils;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every handler interceptor runs once around each command. Axon's auto-configuration registers interceptor beans on
 * the command bus; one that also registered itself ran twice around every command (and stored each secret twice).
 */
class CommandInterceptorsTest extends LedgerIntegrationTest {
    @Autowired
    CommandBus commandBus;

    @Test
    void eachHandlerInterceptorIsOnTheCommandBusOnce() {
        assertThat(commandBus).isInstanceOf(SimpleCommandBus.class);
        @SuppressWarnings("unchecked")
        List<MessageHandlerInterceptor<?>> interceptors =
                (List<MessageHandlerInterceptor<?>>) ReflectionTestUtils.getField(commandBus, "handlerInterceptors");
        Map<Object, Long> registrations = interceptors.stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(registrations).isNotEmpty().allSatisfy((interceptor, times) ->
                assertThat(times).as(interceptor.getClass().getName()).isEqualTo(1L));
        assertThat(interceptors).anySatisfy(interceptor ->
                assertThat(interceptor.getClass().getSimpleName()).startsWith("StripeSecretsKeeping"));
    }
}
