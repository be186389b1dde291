package org.affiliateledger.infra.axon;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import org.aopalliance.intercept.MethodInterceptor;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.serialization.Serializer;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Instant;
import java.util.List;

/**
 * Persistent deadlines (the commission hold periods) as Axon's Spring Boot configuration sets them up on db-scheduler,
 * but each new deadline costs one insert: Axon schedules through db-scheduler's "schedule if it does not exist", which
 * first looks the task instance up, and every deadline Axon schedules has a new random id, so that look-up (one of the
 * ~18 statements a conversion cost PostgreSQL) can never find one. The scheduler Axon is given inserts new deadlines
 * as db-scheduler's batch scheduling does (a plain insert, which fails loudly, rolling the saga's work back, were the
 * id ever taken); everything else goes to db-scheduler as before.
 */
@Configuration(proxyBeanMethods = false)
public class DeadlineConfig {
    @Bean
    public DbSchedulerDeadlineManager deadlineManager(Scheduler scheduler,
                                                      org.axonframework.config.Configuration configuration,
                                                      @Qualifier("eventSerializer") Serializer serializer,
                                                      TransactionManager transactionManager,
                                                      DeadlineManagerSpanFactory spanFactory) {
        return DbSchedulerDeadlineManager.builder()
                .scheduler(insertingNewDeadlines(scheduler))
                .scopeAwareProvider(new ConfigurationScopeAwareProvider(configuration))
                .serializer(serializer)
                .transactionManager(transactionManager)
                .spanFactory(spanFactory)
                // db-scheduler's Spring Boot starter starts and stops the scheduler (as in Axon's configuration)
                .startScheduler(false)
                .stopScheduler(false)
                .build();
    }

    /** {@code scheduler}, scheduling a task instance at a time with a plain insert instead of look-up-then-insert. */
    static Scheduler insertingNewDeadlines(Scheduler scheduler) {
        ProxyFactory proxy = new ProxyFactory(scheduler);
        proxy.setProxyTargetClass(true);
        proxy.addAdvice((MethodInterceptor) invocation -> {
            Object[] arguments = invocation.getArguments();
            if (invocation.getMethod().getName().equals("schedule") && arguments.length == 2
                    && arguments[0] instanceof TaskInstance<?> instance && arguments[1] instanceof Instant due) {
                scheduler.scheduleBatch(List.of(instance), due);
                return null;
            }
            return invocation.proceed();
        });
        return (Scheduler) proxy.getProxy();
    }
}
