package io.previs.encoder;

import io.previs.servicekit.lifecycle.StopSignals;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Turns accepted jobs into embeddings and shards. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EncoderApplication {

  /**
   * Config lives in encoder.yml, so several services can share one classpath (the local launcher).
   */
  public static final String CONFIG_NAME = "encoder";

  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(EncoderApplication.class)
        .main(EncoderApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }

  /** Stopped by SIGTERM or Ctrl-C: the context closes first, then the JVM exits 0. */
  public static void main(String[] args) {
    StopSignals.run(builder(), args);
  }
}
