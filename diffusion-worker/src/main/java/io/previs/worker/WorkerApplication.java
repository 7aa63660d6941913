package io.previs.worker;

import io.previs.servicekit.lifecycle.StopSignals;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** One GPU worker: renders shards taken from the previs.shards.queued.<pool> share group. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WorkerApplication {

  /**
   * Config lives in worker.yml, so several services can share one classpath (the local launcher).
   */
  public static final String CONFIG_NAME = "worker";

  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(WorkerApplication.class)
        .main(WorkerApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }

  /** Stopped by SIGTERM or Ctrl-C: the context closes first, then the JVM exits 0. */
  public static void main(String[] args) {
    StopSignals.run(builder(), args);
  }
}
