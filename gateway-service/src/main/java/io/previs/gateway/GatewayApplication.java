package io.previs.gateway;

import io.previs.servicekit.lifecycle.StopSignals;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Job intake, validation and job state for Previs. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

  /**
   * Config lives in gateway.yml, so several services can share one classpath (the local launcher).
   */
  public static final String CONFIG_NAME = "gateway";

  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(GatewayApplication.class)
        .main(GatewayApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }

  /** Stopped by SIGTERM or Ctrl-C: the context closes first, then the JVM exits 0. */
  public static void main(String[] args) {
    StopSignals.run(builder(), args);
  }
}
