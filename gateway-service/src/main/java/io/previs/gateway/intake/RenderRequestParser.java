package io.previs.gateway.intake;

import io.previs.contracts.job.JobEvent.FieldError;
import io.previs.contracts.job.RenderRequest;
import io.previs.contracts.job.RenderRequest.ShotRequest;
import io.previs.contracts.job.ShotForm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads a render request from JSON field by field, so that a wrong type is reported against its
 * field ("frames: expected an integer, got string "many"") together with every other problem,
 * instead of failing on the first. Unknown fields are ignored: clients may send newer schema
 * versions.
 */
final class RenderRequestParser {

  private static final long MAX_SAFE_SEED = (1L << 53) - 1;

  public record Parsed(RenderRequest request, List<FieldError> errors) {}

  private final List<FieldError> errors = new ArrayList<>();

  private RenderRequestParser() {}

  public static Parsed parse(JsonNode n) {
    RenderRequestParser p = new RenderRequestParser();
    RenderRequest r =
        new RenderRequest(
            p.integer(n, "schemaVersion"),
            p.text(n, "studio"),
            p.text(n, "clientJobId"),
            p.text(n, "prompt"),
            p.text(n, "negativePrompt"),
            p.shots(n),
            p.integer(n, "variants"),
            p.decimal(n, "seconds"),
            p.integer(n, "frames"),
            p.integer(n, "fps"),
            p.integer(n, "width"),
            p.integer(n, "height"),
            p.seed(n),
            p.integer(n, "steps"),
            p.decimal(n, "guidance"),
            p.text(n, "modelId"),
            p.text(n, "priority"),
            p.labels(n),
            p.bool(n, "newAttempt"),
            p.integer(n, "windowOverlap"),
            p.form(n, "form"),
            p.text(n, "template"),
            p.variation(n));
    return new Parsed(r, List.copyOf(p.errors));
  }

  private Boolean bool(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      typeError(field, "true or false", v);
      return null;
    }
    return v.asBoolean();
  }

  private List<ShotRequest> shots(JsonNode n) {
    JsonNode s = n.get("shots");
    if (s == null || s.isNull()) {
      return null;
    }
    if (!s.isArray()) {
      typeError("shots", "an array of shots", s);
      return null;
    }
    List<ShotRequest> shots = new ArrayList<>();
    for (int i = 0; i < s.size(); i++) {
      JsonNode shot = s.get(i);
      String f = "shots[" + i + "]";
      if (!shot.isObject()) {
        typeError(f, "an object", shot);
        continue;
      }
      shots.add(
          new ShotRequest(
              text(shot, "prompt", f + ".prompt"),
              text(shot, "negativePrompt", f + ".negativePrompt"),
              decimal(shot, "seconds", f + ".seconds"),
              integer(shot, "frames", f + ".frames"),
              beats(shot, f),
              form(shot, f + ".form"),
              text(shot, "template", f + ".template")));
    }
    return shots;
  }

  private List<RenderRequest.BeatRequest> beats(JsonNode shot, String f) {
    JsonNode b = shot.get("beats");
    if (b == null || b.isNull()) {
      return null;
    }
    if (!b.isArray()) {
      typeError(f + ".beats", "an array of beats", b);
      return null;
    }
    List<RenderRequest.BeatRequest> beats = new ArrayList<>();
    for (int j = 0; j < b.size(); j++) {
      JsonNode beat = b.get(j);
      String bf = f + ".beats[" + j + "]";
      if (!beat.isObject()) {
        typeError(bf, "an object", beat);
        continue;
      }
      beats.add(
          new RenderRequest.BeatRequest(
              text(beat, "prompt", bf + ".prompt"),
              decimal(beat, "seconds", bf + ".seconds"),
              form(beat, bf + ".form")));
    }
    return beats;
  }

  /** A shot form under {@code field} (its last path element names the property). */
  private ShotForm form(JsonNode n, String field) {
    JsonNode v = n.get("form");
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      typeError(field, "an object of slots " + ShotForm.SLOTS, v);
      return null;
    }
    for (var e : v.properties()) {
      if (!ShotForm.SLOTS.contains(e.getKey())) {
        errors.add(
            new FieldError(
                field + "." + e.getKey(), "is not a slot of a shot form " + ShotForm.SLOTS));
      }
    }
    return new ShotForm(
        text(v, "subject", field + ".subject"),
        text(v, "action", field + ".action"),
        text(v, "environment", field + ".environment"),
        text(v, "style", field + ".style"),
        text(v, "camera", field + ".camera"),
        text(v, "details", field + ".details"));
  }

  private Map<String, String> labels(JsonNode n) {
    JsonNode l = n.get("labels");
    if (l == null || l.isNull()) {
      return null;
    }
    if (!l.isObject()) {
      typeError("labels", "an object of string values", l);
      return null;
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (var e : l.properties()) {
      if (!e.getValue().isString()) {
        typeError("labels." + e.getKey(), "a string", e.getValue());
      } else {
        labels.put(e.getKey(), e.getValue().asString());
      }
    }
    return labels;
  }

  /** "More like this": the take to stay close to and how close; each field checked here. */
  private io.previs.contracts.job.Variation variation(JsonNode n) {
    JsonNode v = n.get("variation");
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      typeError("variation", "an object", v);
      return null;
    }
    int before = errors.size();
    for (String name : v.propertyNames()) {
      if (!java.util.Set.of("chosenSeed", "strength", "fromJobId", "fromVariant").contains(name)) {
        errors.add(
            new FieldError(
                "variation." + name,
                "is not a field of a variation (chosenSeed, strength, fromJobId, fromVariant)"));
      }
    }
    JsonNode seed = v.get("chosenSeed");
    Long chosen = null;
    if (seed == null || seed.isNull()) {
      errors.add(
          new FieldError("variation.chosenSeed", "is required: the seed of the chosen take"));
    } else if (!seed.isIntegralNumber()
        || !seed.canConvertToLong()
        || seed.asLong() < 0
        || seed.asLong() > MAX_SAFE_SEED) {
      errors.add(
          new FieldError("variation.chosenSeed", "must be an integer in 0.." + MAX_SAFE_SEED));
    } else {
      chosen = seed.asLong();
    }
    Double strength = decimal(v, "strength", "variation.strength");
    if (strength == null && !v.has("strength")) {
      errors.add(new FieldError("variation.strength", "is required: how far from the chosen take"));
    } else if (strength != null && !(strength > 0 && strength <= 1)) {
      errors.add(new FieldError("variation.strength", strength + " is outside (0, 1]"));
    }
    String from = text(v, "fromJobId", "variation.fromJobId");
    Integer fromVariant = integer(v, "fromVariant", "variation.fromVariant");
    if (fromVariant != null && fromVariant < 0) {
      errors.add(new FieldError("variation.fromVariant", fromVariant + " is below 0"));
    }
    if (errors.size() > before || chosen == null || strength == null) {
      return null;
    }
    return new io.previs.contracts.job.Variation(chosen, strength, from, fromVariant);
  }

  private Long seed(JsonNode n) {
    JsonNode v = n.get("seed");
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      typeError("seed", "an integer", v);
      return null;
    }
    long s = v.asLong();
    if (s < 0 || s > MAX_SAFE_SEED) {
      errors.add(
          new FieldError(
              "seed",
              s
                  + " is outside 0.."
                  + MAX_SAFE_SEED
                  + " (seeds must survive JSON clients that hold numbers as doubles)"));
      return null;
    }
    return s;
  }

  private String text(JsonNode n, String name) {
    return text(n, name, name);
  }

  private String text(JsonNode n, String name, String field) {
    JsonNode v = n.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isString()) {
      typeError(field, "a string", v);
      return null;
    }
    return v.asString();
  }

  private Integer integer(JsonNode n, String name) {
    return integer(n, name, name);
  }

  private Integer integer(JsonNode n, String name, String field) {
    JsonNode v = n.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      typeError(field, "an integer", v);
      return null;
    }
    return v.asInt();
  }

  private Double decimal(JsonNode n, String name) {
    return decimal(n, name, name);
  }

  private Double decimal(JsonNode n, String name, String field) {
    JsonNode v = n.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber()) {
      typeError(field, "a number", v);
      return null;
    }
    double d = v.asDouble();
    if (!Double.isFinite(d)) {
      errors.add(new FieldError(field, abbreviate(v.toString()) + " is not a finite number"));
      return null;
    }
    return d;
  }

  private void typeError(String field, String expected, JsonNode got) {
    String shown =
        got.isString()
            ? "string \"" + abbreviate(got.asString()) + "\""
            : got.getNodeType().name().toLowerCase() + " " + abbreviate(got.toString());
    errors.add(new FieldError(field, "expected " + expected + ", got " + shown));
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
