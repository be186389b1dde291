package org.affiliateledger.infra;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication(scanBasePackages = "org.affiliateledger")
@ConfigurationPropertiesScan("org.affiliateledger")
@EnableScheduling
public class LedgerApplication {

    public static void main(String[] args) {
        // Axon's update checker calls home; a self-hosted ledger must not (and CI machines are offline).
        System.setProperty("axoniq.update-checker.disabled", System.getProperty("axoniq.update-checker.disabled", "true"));
        SpringApplication.run(LedgerApplication.class, args);
    }
}
