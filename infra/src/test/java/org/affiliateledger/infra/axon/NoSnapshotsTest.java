package org.affiliateledger.infra.axon;

import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event store never looks for snapshots ({@link LedgerEventStorageEngine}), which is right only while no aggregate
 * takes one. An aggregate that wants snapshots must first make the store read them again.
 */
class NoSnapshotsTest {
    @Test
    void noAggregateTakesSnapshots() throws ClassNotFoundException {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Aggregate.class));
        Set<BeanDefinition> aggregates = scanner.findCandidateComponents("org.affiliateledger");

        assertThat(aggregates).hasSizeGreaterThanOrEqualTo(8);
        for (BeanDefinition aggregate : aggregates) {
            Aggregate declared = Class.forName(aggregate.getBeanClassName()).getAnnotation(Aggregate.class);
            assertThat(declared.snapshotTriggerDefinition()).as(aggregate.getBeanClassName()).isEmpty();
        }
    }
}
