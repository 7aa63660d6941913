package io.previs.launcher.commands;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ./previs keys …}: API keys through the gateway's ops API, for operators who would rather
 * not hand-write curl. The ops key comes from {@code --key}, {@code PREVIS_API_KEY} or the local
 * stack's {@code .previs/ops-key}; the gateway from {@code --gateway}, {@code PREVIS_GATEWAY} or
 * {@code http://localhost:8080}.
 */
public final class KeysCommand {

  public static final String USAGE =
      """
      usage: ./previs keys create --studio S --name N --roles submitter,reviewer
             ./previs keys create --name N --roles ops|platform
             ./previs keys list [--studio S]
             ./previs keys rotate ID
             ./previs keys revoke ID
      options: --gateway URL (PREVIS_GATEWAY, default http://localhost:8080)
               --key OPS_KEY (PREVIS_API_KEY, default the contents of .previs/ops-key)
      """;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final PrintStream out;
  private final PrintStream err;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public KeysCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public int run(List<String> args) throws Exception {
    if (args.isEmpty() || args.contains("--help")) {
      out.print(USAGE);
      return args.isEmpty() ? 64 : 0;
    }
    String gateway = env("PREVIS_GATEWAY", "http://localhost:8080");
    String key = System.getenv("PREVIS_API_KEY");
    String studio = null;
    String name = null;
    String roles = null;
    List<String> positional = new ArrayList<>();
    for (int i = 1; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--")) {
        positional.add(a);
        continue;
      }
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException(a + " needs a value");
      }
      String v = args.get(++i);
      switch (a) {
        case "--gateway" -> gateway = v;
        case "--key" -> key = v;
        case "--studio" -> studio = v;
        case "--name" -> name = v;
        case "--roles" -> roles = v;
        default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
      }
    }
    if (key == null) {
      Path local = Path.of(".previs", "ops-key");
      if (!Files.isReadable(local)) {
        throw new IllegalArgumentException(
            "no ops key: pass --key, set PREVIS_API_KEY, or run ./previs up first");
      }
      key = Files.readString(local).strip();
    }
    HttpRequest.Builder req;
    switch (args.get(0)) {
      case "create" -> {
        ObjectNode body = JSON.createObjectNode();
        if (studio != null) {
          body.put("studio", studio);
        }
        body.put("name", name);
        ArrayNode r = body.putArray("roles");
        for (String role : (roles == null ? "" : roles).split(",")) {
          if (!role.isBlank()) {
            r.add(role.strip());
          }
        }
        req =
            HttpRequest.newBuilder(URI.create(gateway + "/v1/keys"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      }
      case "list" ->
          req =
              HttpRequest.newBuilder(
                      URI.create(
                          gateway + "/v1/keys" + (studio == null ? "" : "?studio=" + studio)))
                  .GET();
      case "rotate" ->
          req =
              HttpRequest.newBuilder(URI.create(gateway + "/v1/keys/" + id(positional) + "/rotate"))
                  .POST(HttpRequest.BodyPublishers.noBody());
      case "revoke" ->
          req = HttpRequest.newBuilder(URI.create(gateway + "/v1/keys/" + id(positional))).DELETE();
      default ->
          throw new IllegalArgumentException(
              "unknown keys command '" + args.get(0) + "'\n" + USAGE);
    }
    HttpResponse<String> r =
        http.send(
            req.header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      err.println("previs: the gateway answered " + r.statusCode() + ": " + r.body());
      return r.statusCode() == 400 ? 64 : 1;
    }
    out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(r.body())));
    if (args.get(0).equals("create") || args.get(0).equals("rotate")) {
      err.println("previs: the key is shown this once; keep it in your secret store");
    }
    return 0;
  }

  private static String id(List<String> positional) {
    if (positional.size() != 1) {
      throw new IllegalArgumentException("name one key id\n" + USAGE);
    }
    return positional.get(0);
  }

  private static String env(String name, String otherwise) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? otherwise : v;
  }
}
