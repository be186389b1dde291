package org.affiliateledger.infra.settings;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;
import org.springframework.core.Ordered;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code LEDGER_*} variable with a value the ledger cannot use stops the start with one message that names the
 * variable, the value and what it accepts, instead of a stack trace about {@code ledger.db.pool-size} or a record
 * constructor. Runs before Spring Boot's own binding analyzers; failures of other properties are left to them.
 */
public class SettingsFailureAnalyzer implements FailureAnalyzer, Ordered {
    private final Environment environment;

    public SettingsFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException bind) {
                return analyze(bind);
            }
            if (cause instanceof InvalidConfigurationPropertyValueException invalid) {
                // a Spring property that follows a LEDGER_* variable (server.port ← LEDGER_PORT) could not be converted
                Optional<LedgerSetting> setting = LedgerSetting.forProperty(invalid.getName());
                if (setting.isEmpty()) {
                    return null;
                }
                return analysis(List.of(describe(setting.get(), raw(setting.get(), invalid.getValue()), invalid.getReason())),
                        Set.of(setting.get()), invalid);
            }
        }
        return null;
    }

    private FailureAnalysis analyze(BindException cause) {
        List<String> problems = new ArrayList<>();
        Set<LedgerSetting> settings = new LinkedHashSet<>();
        if (cause.getCause() instanceof BindValidationException validation) {
            ValidationErrors errors = validation.getValidationErrors();
            for (ObjectError error : errors) {
                if (!(error instanceof FieldError field)) {
                    continue;
                }
                String property = errors.getName() + "." + kebab(field.getField());
                Optional<LedgerSetting> setting = LedgerSetting.forProperty(property);
                if (setting.isEmpty()) {
                    continue;
                }
                settings.add(setting.get());
                Object value = errors.getBoundProperties().stream()
                        .filter(bound -> bound.getName().toString().equals(property))
                        .map(ConfigurationProperty::getValue)
                        .findFirst().orElse(field.getRejectedValue());
                problems.add(describe(setting.get(), value, "must " + field.getDefaultMessage().replaceFirst("^must ", "")));
            }
        } else {
            String property = cause.getProperty() != null ? cause.getProperty().getName().toString() : cause.getName().toString();
            Optional<LedgerSetting> setting = LedgerSetting.forProperty(property);
            if (setting.isPresent()) {
                settings.add(setting.get());
                ConfigurationProperty bound = cause.getProperty();
                problems.add(describe(setting.get(), bound == null ? null : bound.getValue(), null));
            }
        }
        if (problems.isEmpty()) {
            return null;
        }
        return analysis(problems, settings, cause);
    }

    private static FailureAnalysis analysis(List<String> problems, Set<LedgerSetting> settings, Throwable cause) {
        String variables = String.join(", ", settings.stream().map(LedgerSetting::variable).toList());
        return new FailureAnalysis("The ledger's configuration has a value it cannot use:\n\n" + String.join("\n", problems),
                "Set " + variables + " to an accepted value (or unset it for the default; the README's configuration table "
                        + "lists every variable) and start again.", cause);
    }

    /** The value as the operator wrote it, when what failed is a placeholder that points at it. */
    private Object raw(LedgerSetting setting, Object value) {
        if (value instanceof String text && text.startsWith("${")) {
            try {
                return environment.getProperty(setting.property());
            } catch (RuntimeException unresolvable) {
                return value;
            }
        }
        return value;
    }

    private static String describe(LedgerSetting setting, Object value, String constraint) {
        String shown = value == null ? "(blank)" : "\"" + value + "\"";
        if (setting == LedgerSetting.SECRETS_KEY || setting == LedgerSetting.DB_PASSWORD || setting == LedgerSetting.ADMIN_TOKEN) {
            shown = value == null ? "(blank)" : "(a value of " + value.toString().length() + " characters, not shown)";
        }
        return "  " + setting.variable() + " is " + shown + (constraint == null ? "" : ": " + constraint)
                + ".\n    Accepted: " + setting.accepted() + ". (property " + setting.property() + ")";
    }

    /** {@code db.poolSize} → {@code db.pool-size}. */
    private static String kebab(String field) {
        StringBuilder out = new StringBuilder();
        for (char c : field.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
