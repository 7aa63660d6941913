package io.previs.servicekit.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The back-end services' HTTP surface is their actuator: probes and the Prometheus scrape, open
 * (the chart's NetworkPolicies let only Prometheus and the kubelet reach them), and nothing else.
 *
 * <p>Why this exists: one image holds every service, so Spring Security (the gateway's) is on every
 * service's classpath, and Boot's default chain would then answer the scheduler's, workers' and
 * autoscaler's /actuator/prometheus with 401 — Prometheus could scrape none of them. The gateway
 * declares its own chains, and this one then stands back.
 */
@AutoConfiguration(
    beforeName = {
      "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration"
    })
@ConditionalOnClass(name = "org.springframework.security.web.SecurityFilterChain")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
public class BackEndSecurityAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(SecurityFilterChain.class)
  SecurityFilterChain previsBackEndActuatorOnly(HttpSecurity http) throws Exception {
    return http.authorizeHttpRequests(
            a ->
                a.requestMatchers(
                        "/actuator/health",
                        "/actuator/health/**",
                        "/actuator/prometheus",
                        "/actuator/info")
                    .permitAll()
                    .anyRequest()
                    .denyAll())
        .csrf(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .build();
  }
}
