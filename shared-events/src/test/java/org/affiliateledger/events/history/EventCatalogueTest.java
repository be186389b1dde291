package org.affiliateledger.events.history;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class EventCatalogueTest {
    private static final Pattern PUBLIC_NAME = Pattern.compile("[a-z_]+\\.[a-z_]+");
    /** Records of this module that are commands without a target id (they create an aggregate), queries or plain values. */
    private static final Set<String> NOT_EVENTS = Set.of(
            "RegisterAffiliate", "IssueApiKey", "RecordConversion", "RecordRefund", "OpenDispute", "CloseDispute", "ReversalReceipt",
            "OnboardMerchant", "CreatePayout", "RecordUnmatchedStripeActivity", "ApiKeyView", "FindApiKey",
            "RegistrationReceipt", "RateLimits", "ApiCaller", "CommissionRate", "AdjustmentReceipt", "ConversionReceipt",
            "EventReward", "FraudRules", "PerformanceTier", "ProgramSettings", "AffiliateDetails", "FraudRulesChange",
            "FindWebhookEndpoint",
            // conversion: the creation command the recording coordinator sends, and the values of the fraud rules
            "RecordAttributedConversion", "FraudObservations", "FraudEvidence");

    @Test
    void listsEveryEventOfTheLanguageOnceWithAStablePublicName() throws Exception {
        Set<String> missing = new TreeSet<>();
        for (Class<?> record : records()) {
            boolean command = Arrays.stream(record.getRecordComponents())
                    .anyMatch(component -> component.isAnnotationPresent(TargetAggregateIdentifier.class)
                            || fieldAnnotated(record, component));
            if (!command && !NOT_EVENTS.contains(record.getSimpleName()) && EventCatalogue.of(record).isEmpty()) {
                missing.add(record.getName());
            }
        }
        assertThat(missing).as("event records with no public name in EventCatalogue (add them there, or to NOT_EVENTS "
                + "in this test if they are not events)").isEmpty();
        assertThat(EventCatalogue.entries()).allSatisfy(entry -> {
            assertThat(entry.type()).matches(PUBLIC_NAME);
            assertThat(EventCatalogue.RESOURCE_TYPES).contains(entry.resourceType());
            Set<String> fields = Arrays.stream(entry.eventClass().getRecordComponents()).map(RecordComponent::getName)
                    .collect(Collectors.toSet());
            assertThat(fields).containsAll(entry.secretFields());
        });
        assertThat(new HashSet<>(EventCatalogue.types())).hasSize(EventCatalogue.entries().size());
    }

    @Test
    void namesEventsOfClassesItDoesNotKnowByTheirResourceNeverByTheirJavaName() {
        assertThat(EventCatalogue.typeOf("org.affiliateledger.events.commission.CommissionFrozen", "Commission"))
                .isEqualTo("commission.other");
        assertThat(EventCatalogue.typeOf("org.affiliateledger.events.commission.CommissionApproved", "Commission"))
                .isEqualTo("commission.approved");
        assertThat(EventCatalogue.resourceOf(null, "Merchant")).isEqualTo("program");
    }

    private static boolean fieldAnnotated(Class<?> record, RecordComponent component) {
        try {
            return record.getDeclaredField(component.getName()).isAnnotationPresent(TargetAggregateIdentifier.class);
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    /** Every top-level record compiled from this module's main sources. */
    private static List<Class<?>> records() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(EventCatalogue.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names;
        try (Stream<Path> files = Files.walk(classes)) {
            names = files.filter(file -> file.toString().endsWith(".class") && !file.getFileName().toString().contains("$"))
                    .map(file -> classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .toList();
        }
        List<Class<?>> records = new java.util.ArrayList<>();
        for (String name : names) {
            Class<?> type = Class.forName(name);
            if (type.isRecord()) {
                records.add(type);
            }
        }
        assertThat(records).as("records found under " + classes).hasSizeGreaterThan(50);
        return records;
    }
}
