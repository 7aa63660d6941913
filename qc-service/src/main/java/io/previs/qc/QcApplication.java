package io.previs.qc;

import io.previs.servicekit.lifecycle.StopSignals;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Checks every clip before a director sees it. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QcApplication {

  /** Config lives in qc.yml, so several services can share one classpath (the local launcher). */
  public static final String CONFIG_NAME = "qc";

  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(QcApplication.class)
        .main(QcApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }

  /** Stopped by SIGTERM or Ctrl-C: the context closes first, then the JVM exits 0. */
  public static void main(String[] args) {
    StopSignals.run(builder(), args);
  }
}
