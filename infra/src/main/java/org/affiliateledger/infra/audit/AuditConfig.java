package org.affiliateledger.infra.audit;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * Who did what: the correlation data every message inherits (replacing Axon's default provider), the HTTP edge's
 * interceptor on the command bus, and correlation data for deadlines too (Spring Boot's db-scheduler deadline
 * manager runs its handlers without any, so a command a deadline causes would otherwise start a new chain).
 */
@Configuration(proxyBeanMethods = false)
public class AuditConfig {

    @Bean
    public CorrelationDataProvider auditCorrelation() {
        return new AuditCorrelation();
    }

    @Bean
    public EdgeCommandAudit edgeCommandAudit() {
        return new EdgeCommandAudit();
    }

    @Bean
    public SmartInitializingSingleton auditInterceptors(CommandBus commandBus, EdgeCommandAudit edge,
                                                        ObjectProvider<DeadlineManager> deadlines,
                                                        List<CorrelationDataProvider> providers) {
        return () -> {
            commandBus.registerDispatchInterceptor(edge);
            deadlines.ifAvailable(manager -> manager.registerHandlerInterceptor(new CorrelationDataInterceptor<>(providers)));
        };
    }
}
