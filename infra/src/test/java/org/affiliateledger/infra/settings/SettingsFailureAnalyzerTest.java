package org.affiliateledger.infra.settings;

import org.affiliateledger.infra.LedgerApplication;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A bad value stops the start, before the database or the web server, with a message naming the variable. */
@ExtendWith(OutputCaptureExtension.class)
class SettingsFailureAnalyzerTest {
    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "LEDGER_DB_POOL_SIZE | abc | an integer from 1 to 1000",
            "LEDGER_PORT | 70000 | a TCP port from 0 to 65535",
            "LEDGER_PORT | eighty | a TCP port from 0 to 65535",
            "LEDGER_PROCESSOR_TYPE | fast | tracking or pooled",
            "LEDGER_HOLD_UNIT | -P1D | a positive ISO-8601 duration",
            "LEDGER_SECRETS_KEY | not-a-key | base64 of 32 random bytes",
            "LEDGER_LINKS_DEFAULT_MERCHANT | acme | a merchant id"})
    void aBadValueStopsTheStartNamingTheVariableAndWhatItAccepts(String variable, String value, String accepted,
                                                                 CapturedOutput output) {
        LedgerSetting setting = Arrays.stream(LedgerSetting.values()).filter(s -> s.variable().equals(variable))
                .findFirst().orElseThrow();
        String[] args = {"--server.port=0", "--ledger.data-dir=" + dataDir, "--" + setting.property() + "=" + value};
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(LedgerApplication.class).run(args));
        assertThat(failure).as("the start fails").isNotNull();

        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        FailureAnalysis analysis = new SettingsFailureAnalyzer(environment).analyze(failure);
        assertThat(analysis).as("analysed as a bad setting: %s", failure.toString()).isNotNull();
        assertThat(analysis.getDescription()).contains(variable, accepted);
        assertThat(analysis.getAction()).contains(variable);
        if (setting != LedgerSetting.SECRETS_KEY) {
            assertThat(analysis.getDescription()).contains("\"" + value + "\"");
        } else {
            assertThat(analysis.getDescription()).doesNotContain(value);
        }
        // what the operator sees: Spring Boot's failure report uses this analysis
        assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START").contains(variable);
        assertThat(dataDir.resolve("pg")).as("stopped before the embedded PostgreSQL started").doesNotExist();
    }
}
