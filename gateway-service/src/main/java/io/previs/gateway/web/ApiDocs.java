package io.previs.gateway.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The REST API's OpenAPI document (docs/openapi.json is the live one, checked in a test and linted
 * in CI): a stable title and version, the two ways to authenticate, and on every operation the
 * answers security gives — 401 without valid credentials, 403 for a role that may not, 404 for an
 * id that is unknown or another studio's — as problem details.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocs {

  /** Bumped when a response changes shape; additive fields do not bump it. */
  static final String API_VERSION = "1.1";

  static final String API_KEY = "apiKey";
  static final String API_KEY_HEADER = "apiKeyHeader";
  static final String JWT = "jwt";
  static final String PROBLEM = "Problem";

  static final Map<String, String> TAGS =
      Map.of(
          "submissions", "Submit render jobs (intake decides: accepted, duplicate or rejected)",
          "jobs", "A studio's jobs: state, progress, GPU-seconds, event streams, files",
          "reviews", "Variants QC flagged for a person, and people's decisions",
          "usage", "GPU-seconds per studio and day",
          "keys", "Studio API keys, managed by ops",
          "sequences",
              "Chosen takes per shot, a sequence's cut, its animatic and editorial timelines",
          "caller", "Who the credentials are (what the web page logs in with)");

  @Bean
  OpenAPI previsOpenApi() {
    OpenAPI api =
        new OpenAPI()
            .info(
                new Info()
                    .title("Previs gateway")
                    .version(API_VERSION)
                    .description(
                        "Submit previs render jobs, follow their progress (JSON or server-sent"
                            + " events) and download results. Every request needs a studio API key"
                            + " or a JWT from the studio's identity provider; a caller sees its own"
                            + " studio's jobs only. Errors are RFC 9457 problem details naming the"
                            + " field and the limit.")
                    .contact(
                        new Contact().name("Previs platform team").email("platform@previs.dev"))
                    .license(new License().name("Proprietary").url("https://previs.dev/license")))
            .servers(
                List.of(
                    new Server()
                        .url("https://previs-gateway.{namespace}.svc")
                        .description(
                            "a deployment (the chart's gateway Service); the embedded stack of"
                                + " ./previs up answers on http://localhost:8080")
                        .variables(
                            new io.swagger.v3.oas.models.servers.ServerVariables()
                                .addServerVariable(
                                    "namespace",
                                    new io.swagger.v3.oas.models.servers.ServerVariable()
                                        ._default("previs")
                                        .description("the Kubernetes namespace")))))
            .tags(
                TAGS.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> new Tag().name(e.getKey()).description(e.getValue()))
                    .toList())
            .addSecurityItem(new SecurityRequirement().addList(API_KEY))
            .addSecurityItem(new SecurityRequirement().addList(API_KEY_HEADER))
            .addSecurityItem(new SecurityRequirement().addList(JWT));
    return api.components(
        new io.swagger.v3.oas.models.Components()
            .addSecuritySchemes(
                API_KEY,
                new SecurityScheme()
                    .type(SecurityScheme.Type.HTTP)
                    .scheme("bearer")
                    .description(
                        "A studio API key, pvk_<id>_<secret>, as Authorization: Bearer (ops create"
                            + " them: POST /v1/keys)"))
            .addSecuritySchemes(
                API_KEY_HEADER,
                new SecurityScheme()
                    .type(SecurityScheme.Type.APIKEY)
                    .in(SecurityScheme.In.HEADER)
                    .name("X-Api-Key")
                    .description("The same API key in its own header"))
            .addSecuritySchemes(
                JWT,
                new SecurityScheme()
                    .type(SecurityScheme.Type.HTTP)
                    .scheme("bearer")
                    .bearerFormat("JWT")
                    .description(
                        "A JWT from the configured issuer; the studio and roles come from its"
                            + " previs_studio and previs_roles claims (configurable)")));
  }

  /** The answers security and scoping give, on every operation, as problem details. */
  @Bean
  OpenApiCustomizer securityAnswers() {
    return api -> {
      // Here, not on the bean: springdoc replaces the bean's schemas with the generated ones.
      api.getComponents()
          .addSchemas(
              PROBLEM,
              new ObjectSchema()
                  .description("RFC 9457 problem details")
                  .addProperty("type", new StringSchema().format("uri"))
                  .addProperty("title", new StringSchema())
                  .addProperty("status", new IntegerSchema())
                  .addProperty("detail", new StringSchema())
                  .addProperty("instance", new StringSchema().format("uri")));
      for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
        boolean byId = path.getKey().contains("{");
        for (Operation op : path.getValue().readOperations()) {
          ApiResponses r = op.getResponses();
          r.putIfAbsent(
              "401", problem("No, bad or expired credentials (WWW-Authenticate says which)"));
          r.putIfAbsent("403", problem("The caller's roles do not allow this"));
          if (byId) {
            r.putIfAbsent(
                "404", problem("No such resource for this caller: unknown or another studio's"));
          }
          if (op.getTags() == null || op.getTags().isEmpty()) {
            op.addTagsItem(tagOf(path.getKey()));
          }
        }
      }
    };
  }

  private static String tagOf(String path) {
    if (path.startsWith("/v1/keys")) {
      return "keys";
    }
    if (path.startsWith("/v1/usage")) {
      return "usage";
    }
    if (path.startsWith("/v1/reviews") || path.endsWith("/review")) {
      return "reviews";
    }
    return "jobs";
  }

  private static ApiResponse problem(String description) {
    return new ApiResponse()
        .description(description)
        .content(
            new Content()
                .addMediaType(
                    "application/problem+json",
                    new MediaType()
                        .schema(
                            new io.swagger.v3.oas.models.media.Schema<>()
                                .$ref("#/components/schemas/" + PROBLEM))));
  }
}
