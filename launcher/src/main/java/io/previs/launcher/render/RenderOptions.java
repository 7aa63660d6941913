package io.previs.launcher.render;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Flags of {@code ./previs render}. Null means "let the gateway / model decide". */
public record RenderOptions(
    String prompt,
    String negativePrompt,
    Double seconds,
    Integer frames,
    Integer width,
    Integer height,
    Integer fps,
    Integer variants,
    Long seed,
    Integer steps,
    Double guidance,
    String model,
    Path modelDir,
    String studio,
    String clientJobId,
    Path out,
    Path dataDir,
    int workers,
    Duration timeout,
    java.util.Map<String, String> form,
    String template) {

  public static final String USAGE =
      """
      usage: ./previs render "PROMPT" [options]
             ./previs render --subject "…" --action "…" [--environment … --style … --camera …] [options]
        --subject, --action, --environment, --style, --camera, --details "TEXT"
                             the shot as its parts instead of a prompt (Chinese or English),
                             composed by a template; --camera is normalised (手持跟拍 → handheld,
                             tracking shot)
        --template NAME      the studio's template (templates/<studio>/NAME.json) or the house's
        --seconds S          clip length (default: the model's 81 frames, 5 s at 16 fps)
        --frames N           frame count instead of seconds (4n+1 for Wan-class models)
        --size WxH           e.g. 832x480 (default), 1280x720, 480x832
        --fps N              frames per second of the clip (default: the model's, 16)
        --variants N         renders with seeds seed, seed+1, ... (default 1)
        --seed N             base seed (default: derived from the job id, so reruns match)
        --steps N            denoising steps (default: the model's, 40)
        --guidance G         classifier-free guidance for both experts (default: the model's, 4/3)
        --negative "TEXT"    negative prompt (default: the model's)
        --model ID           model id (default previs-oracle; previs-tiny-dit is also built in)
        --model-dir DIR      install the bundle in DIR first and render with it
        --studio NAME        studio prefix in object storage (default local)
        --client-job-id ID   idempotency key (default: random); reuse it to get the same job back
        --out DIR            where the MP4, poster and QC report go (default ./previs-out)
        --data-dir DIR       embedded stack's data (default ./.previs)
        --workers N          GPU workers to run (default 1)
        --timeout SECONDS    give up after this long (default 1800)
      """;

  /** Parses args; throws IllegalArgumentException naming the bad flag. */
  public static RenderOptions parse(List<String> args) {
    String prompt = null;
    String negative = null;
    Double seconds = null;
    Integer frames = null;
    Integer width = null;
    Integer height = null;
    Integer fps = null;
    Integer variants = null;
    Long seed = null;
    Integer steps = null;
    Double guidance = null;
    String model = null;
    Path modelDir = null;
    String studio = "local";
    String clientJobId = null;
    Path out = Path.of("previs-out");
    Path dataDir = Path.of(".previs");
    int workers = 1;
    Duration timeout = Duration.ofMinutes(30);
    java.util.Map<String, String> form = new java.util.LinkedHashMap<>();
    String template = null;
    List<String> rest = new ArrayList<>(args);
    for (int i = 0; i < rest.size(); i++) {
      String a = rest.get(i);
      if (!a.startsWith("--")) {
        if (prompt != null) {
          throw new IllegalArgumentException(
              "more than one prompt given ('" + a + "'); quote the prompt");
        }
        prompt = a;
        continue;
      }
      if (i + 1 >= rest.size()) {
        throw new IllegalArgumentException(a + " needs a value");
      }
      String v = rest.get(++i);
      switch (a) {
        case "--seconds" -> seconds = number(a, v);
        case "--frames" -> frames = integer(a, v);
        case "--size" -> {
          String[] wh = v.toLowerCase().split("x");
          if (wh.length != 2) {
            throw new IllegalArgumentException("--size: '" + v + "' must look like 832x480");
          }
          width = integer(a, wh[0]);
          height = integer(a, wh[1]);
        }
        case "--fps" -> fps = integer(a, v);
        case "--variants" -> variants = integer(a, v);
        case "--seed" -> seed = (long) number(a, v).doubleValue();
        case "--steps" -> steps = integer(a, v);
        case "--guidance" -> guidance = number(a, v);
        case "--negative" -> negative = v;
        case "--model" -> model = v;
        case "--model-dir" -> modelDir = Path.of(v);
        case "--studio" -> studio = v;
        case "--client-job-id" -> clientJobId = v;
        case "--out" -> out = Path.of(v);
        case "--data-dir" -> dataDir = Path.of(v);
        case "--workers" -> workers = integer(a, v);
        case "--timeout" -> timeout = Duration.ofSeconds(integer(a, v));
        case "--subject", "--action", "--environment", "--style", "--camera", "--details" ->
            form.put(a.substring(2), v);
        case "--template" -> template = v;
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (!form.isEmpty() && prompt != null) {
      throw new IllegalArgumentException(
          "give a prompt or the shot's parts (--subject, --action, …), not both");
    }
    if (form.isEmpty() && (prompt == null || prompt.isBlank())) {
      throw new IllegalArgumentException("a prompt (or --subject, --action, …) is required");
    }
    if (workers < 1 || workers > 8) {
      throw new IllegalArgumentException("--workers: " + workers + " is outside 1..8");
    }
    if (clientJobId == null) {
      clientJobId = "cli-" + UUID.randomUUID();
    }
    return new RenderOptions(
        prompt,
        negative,
        seconds,
        frames,
        width,
        height,
        fps,
        variants,
        seed,
        steps,
        guidance,
        model,
        modelDir,
        studio,
        clientJobId,
        out,
        dataDir,
        workers,
        timeout,
        java.util.Map.copyOf(form),
        template);
  }

  private static int integer(String flag, String v) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + ": '" + v + "' is not an integer");
    }
  }

  private static Double number(String flag, String v) {
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + ": '" + v + "' is not a number");
    }
  }
}
