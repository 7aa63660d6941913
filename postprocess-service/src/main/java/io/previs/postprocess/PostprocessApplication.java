package io.previs.postprocess;

import io.previs.servicekit.lifecycle.StopSignals;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Turns rendered shards into deliverables. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PostprocessApplication {

  /**
   * Config lives in postprocess.yml, so several services can share one classpath (the local
   * launcher).
   */
  public static final String CONFIG_NAME = "postprocess";

  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(PostprocessApplication.class)
        .main(PostprocessApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }

  /** Stopped by SIGTERM or Ctrl-C: the context closes first, then the JVM exits 0. */
  public static void main(String[] args) {
    StopSignals.run(builder(), args);
  }
}
