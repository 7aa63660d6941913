package io.previs.autoscaler;

import io.previs.servicekit.lifecycle.StopSignals;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Sizes the GPU pools from the scheduler's backlog. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AutoscalerApplication {

  /** Config lives in autoscaler.yml, so several services can share one classpath. */
  public static final String CONFIG_NAME = "autoscaler";

  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(AutoscalerApplication.class)
        .main(AutoscalerApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }

  /**
   * Stopped by SIGTERM or Ctrl-C: the context closes first (the lease is released), then exit 0.
   */
  public static void main(String[] args) {
    StopSignals.run(builder(), args);
  }
}
