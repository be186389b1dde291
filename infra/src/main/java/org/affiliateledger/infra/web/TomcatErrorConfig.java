package org.affiliateledger.infra.web;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Errors Tomcat answers itself (an over-long URL, over-large headers, a malformed request) are problem+json too, never
 * Tomcat's HTML page: {@link ProblemErrorReportValve} replaces the host's error report valve.
 */
@Configuration(proxyBeanMethods = false)
public class TomcatErrorConfig {

    @Bean
    public WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemJsonErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }
}
