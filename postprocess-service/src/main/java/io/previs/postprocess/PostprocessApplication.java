package io.previs.postprocess;

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

  public static void main(String[] args) {
    builder().run(args);
  }
}
