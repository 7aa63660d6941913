package io.previs.scheduler;

import io.previs.servicekit.lifecycle.StopSignals;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Decides what runs next on the GPU pools. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SchedulerApplication {

  /** Config lives in scheduler.yml, so several services can share one classpath. */
  public static final String CONFIG_NAME = "scheduler";

  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(SchedulerApplication.class)
        .main(SchedulerApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }

  /** Stopped by SIGTERM or Ctrl-C: the context closes first, then the JVM exits 0. */
  public static void main(String[] args) {
    StopSignals.run(builder(), args);
  }
}
