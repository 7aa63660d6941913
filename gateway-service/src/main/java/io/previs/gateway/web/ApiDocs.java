package io.previs.gateway.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Names the REST API in its OpenAPI document (docs/openapi.json is checked against the live one, so
 * client generators get a stable title and version rather than springdoc's placeholder).
 */
@Configuration(proxyBeanMethods = false)
class ApiDocs {

  /** Bumped when a response changes shape; additive fields do not bump it. */
  static final String API_VERSION = "1.0";

  @Bean
  OpenAPI previsOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Previs gateway")
                .version(API_VERSION)
                .description(
                    "Submit previs render jobs, follow their progress (JSON or server-sent events)"
                        + " and download results. Errors are RFC 9457 problem details naming the field and the"
                        + " limit.")
                .license(new License().name("Proprietary")));
  }
}
