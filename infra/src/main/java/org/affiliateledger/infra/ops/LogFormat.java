package org.affiliateledger.infra.ops;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Locale;
import java.util.Map;

/**
 * {@code LEDGER_LOG_FORMAT}: {@code text} (the default, one readable line per event) or {@code json} (one JSON object
 * per line in Elastic Common Schema, for log shippers); {@code ecs}, {@code logstash} and {@code gelf} choose a JSON
 * schema explicitly. Spring Boot's structured logging does the writing ({@code logging.structured.format.console});
 * this only translates the setting, before the logging system starts. Every line written while serving a request
 * carries its {@code requestId} (the {@code X-Request-Id} the response returns): a field in JSON, in brackets in text.
 */
public class LogFormat implements EnvironmentPostProcessor, Ordered {
    static final String PROPERTY = "ledger.log.format";
    private static final Map<String, String> STRUCTURED = Map.of("json", "ecs", "ecs", "ecs", "logstash", "logstash", "gelf", "gelf");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String format = environment.getProperty(PROPERTY, "text").strip().toLowerCase(Locale.ROOT);
        String structured = STRUCTURED.get(format);
        if (structured != null && !environment.containsProperty("logging.structured.format.console")) {
            environment.getPropertySources().addFirst(new MapPropertySource("ledgerLogFormat",
                    Map.of("logging.structured.format.console", structured)));
        }
    }

    /** After the configuration files are read (LEDGER_LOG_FORMAT reaches ledger.log.format through them). */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
