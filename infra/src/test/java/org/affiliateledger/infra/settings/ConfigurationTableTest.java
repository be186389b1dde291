package org.affiliateledger.infra.settings;

import org.affiliateledger.command.support.CommandSettings;
import org.affiliateledger.infra.LedgerProperties;
import org.affiliateledger.infra.security.RateLimitProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;
import org.springframework.validation.annotation.Validated;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration table, the settings the code binds and their defaults are one truth: every variable in
 * the table is read (setting it changes a validated configuration record), has the default the table states, and
 * every {@code LEDGER_*} the code knows is in the table.
 */
class ConfigurationTableTest {
    private static final Pattern ROW = Pattern.compile("^\\| `(LEDGER_[A-Z0-9_]+)`(?: / `(LEDGER_[A-Z0-9_]+)`)? \\| ([^|]*) \\|",
            Pattern.MULTILINE);
    /** Where each configuration record is bound. */
    private static final List<Root> ROOTS = List.of(new Root("ledger.rate-limits", RateLimitProperties.class),
            new Root("ledger", LedgerProperties.class), new Root("ledger", CommandSettings.class));

    private record Root(String prefix, Class<?> type) {
    }

    @Test
    void everyVariableOfTheReadmeTableIsBoundWithTheDocumentedDefault() throws Exception {
        Map<String, String> documented = documentedDefaults();
        assertThat(documented.keySet()).as("LEDGER_* variables in the README's configuration table")
                .containsExactlyInAnyOrderElementsOf(LedgerSetting.variables());
        for (LedgerSetting setting : LedgerSetting.values()) {
            Object byDefault = bound(Map.of(), setting);
            String stated = documented.get(setting.variable());
            if (stated == null) {
                assertThat(byDefault == null || byDefault.toString().isBlank())
                        .as("%s is documented as blank or generated, and binds to %s", setting.variable(), byDefault).isTrue();
            } else {
                assertThat(byDefault).as("%s: the default the README states (%s)", setting.variable(), stated)
                        .isEqualTo(bound(Map.of(setting.variable(), stated), setting));
            }
            Object changed = bound(Map.of(setting.variable(), setting.sample()), setting);
            assertThat(changed).as("setting %s=%s changes %s", setting.variable(), setting.sample(), setting.property())
                    .isNotEqualTo(byDefault);
        }
    }

    @Test
    void everyConfigurationRecordIsValidated() {
        for (Root root : ROOTS) {
            assertThat(root.type().isAnnotationPresent(Validated.class)).as("%s is @Validated", root.type()).isTrue();
            assertThat(root.type().getAnnotation(ConfigurationProperties.class).value()).isEqualTo(root.prefix());
        }
    }

    /** variable → the default in backticks, or null for "blank"/"generated" defaults written in italics. */
    private static Map<String, String> documentedDefaults() throws IOException {
        String readme = Files.readString(root().resolve("README.md"));
        Map<String, String> defaults = new LinkedHashMap<>();
        Matcher row = ROW.matcher(readme);
        while (row.find()) {
            String[] stated = row.group(3).strip().split(" / ");
            defaults.put(row.group(1), literal(stated[0]));
            if (row.group(2) != null) {
                defaults.put(row.group(2), literal(stated.length > 1 ? stated[1] : stated[0]));
            }
        }
        return defaults;
    }

    private static String literal(String cell) {
        String text = cell.strip();
        if (text.startsWith("`")) {
            return text.substring(1, text.indexOf('`', 1));
        }
        assertThat(text).as("a default that is not a literal is written *(blank…)* or *(generated…)*").startsWith("*(");
        return null;
    }

    /** The value a setting binds to, from application.properties and the given environment variables only. */
    private static Object bound(Map<String, String> variables, LedgerSetting setting) throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.addFirst(new SystemEnvironmentPropertySource("variables", new HashMap<>(variables)));
        sources.addLast(new ResourcePropertySource(new ClassPathResource("application.properties")));
        Binder binder = Binder.get(environment);
        for (Root root : ROOTS) {
            if (!setting.property().startsWith(root.prefix() + ".")) {
                continue;
            }
            Object value = binder.bindOrCreate(root.prefix(), root.type());
            boolean found = true;
            for (String part : setting.property().substring(root.prefix().length() + 1).split("\\.")) {
                RecordComponent component = component(value.getClass(), camel(part));
                if (component == null) {
                    found = false;
                    break;
                }
                value = component.getAccessor().invoke(value);
            }
            if (found) {
                return value;
            }
        }
        throw new AssertionError(setting.property() + " (" + setting.variable() + ") is in no validated configuration record");
    }

    private static RecordComponent component(Class<?> record, String name) {
        if (!record.isRecord()) {
            return null;
        }
        for (RecordComponent component : record.getRecordComponents()) {
            if (component.getName().equals(name)) {
                return component;
            }
        }
        return null;
    }

    private static String camel(String kebab) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("README.md")) && Files.exists(dir.resolve("infra"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root");
    }
}
