package io.previs.gateway.versions;

import io.previs.contracts.job.JobEvent.FieldError;
import io.previs.contracts.job.ShotForm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What a director changes when rejecting a take: slots of the structured shot, or a new prompt or
 * negative prompt (for one shot: {@code shot}, needed only when the job has several), and the
 * number of variants, the seed, the steps or the guidance. Only the shape is checked here; the
 * version it makes is a render request like any other, so intake checks every limit.
 *
 * @param form slot to its new value; an empty value clears the slot
 */
record VersionEdit(
    Integer shot,
    Map<String, String> form,
    String prompt,
    String negativePrompt,
    Integer variants,
    Long seed,
    Integer steps,
    Double guidance) {

  static final Set<String> FIELDS =
      Set.of("shot", "form", "prompt", "negativePrompt", "variants", "seed", "steps", "guidance");

  static final int MAX_TEXT = 4000;

  /** The edit, or the errors naming each wrong field ({@code edit.form.camera}). */
  static Parsed parse(JsonNode edit) {
    List<FieldError> errors = new ArrayList<>();
    if (edit == null || !edit.isObject()) {
      return new Parsed(null, List.of(new FieldError("edit", "is required: an object of changes")));
    }
    for (String name : edit.propertyNames()) {
      if (!FIELDS.contains(name)) {
        errors.add(
            new FieldError("edit." + name, "is not something an edit changes; one of " + sorted()));
      }
    }
    Map<String, String> form = null;
    JsonNode f = edit.get("form");
    if (f != null && !f.isNull()) {
      if (!f.isObject()) {
        errors.add(new FieldError("edit.form", "must be an object of slots"));
      } else {
        form = new java.util.TreeMap<>(); // sorted: the same edit, however written, is one id
        for (String slot : f.propertyNames()) {
          JsonNode v = f.get(slot);
          if (!ShotForm.SLOTS.contains(slot)) {
            errors.add(
                new FieldError("edit.form." + slot, "is not a slot; one of " + ShotForm.SLOTS));
          } else if (!v.isString()) {
            errors.add(new FieldError("edit.form." + slot, "must be a string (\"\" clears it)"));
          } else if (v.asString().length() > MAX_TEXT) {
            errors.add(new FieldError("edit.form." + slot, "is longer than " + MAX_TEXT));
          } else {
            form.put(slot, v.asString().strip());
          }
        }
      }
    }
    String prompt = text(edit, "prompt", errors);
    String negative = text(edit, "negativePrompt", errors);
    if (prompt != null && form != null) {
      errors.add(new FieldError("edit.prompt", "give prompt or form, not both"));
    }
    Integer shot = integer(edit, "shot", errors);
    Integer variants = integer(edit, "variants", errors);
    Integer steps = integer(edit, "steps", errors);
    Long seed = null;
    JsonNode s = edit.get("seed");
    if (s != null && !s.isNull()) {
      if (!s.isIntegralNumber() || !s.canConvertToLong()) {
        errors.add(new FieldError("edit.seed", "must be an integer"));
      } else {
        seed = s.asLong();
      }
    }
    Double guidance = null;
    JsonNode g = edit.get("guidance");
    if (g != null && !g.isNull()) {
      if (!g.isNumber()) {
        errors.add(new FieldError("edit.guidance", "must be a number"));
      } else {
        guidance = g.asDouble();
      }
    }
    if (errors.isEmpty()
        && form == null
        && prompt == null
        && negative == null
        && variants == null
        && seed == null
        && steps == null
        && guidance == null) {
      errors.add(
          new FieldError(
              "edit",
              "changes nothing: give form, prompt, negativePrompt,"
                  + " variants, seed, steps or guidance"));
    }
    if (!errors.isEmpty()) {
      return new Parsed(null, List.copyOf(errors));
    }
    return new Parsed(
        new VersionEdit(shot, form, prompt, negative, variants, seed, steps, guidance), List.of());
  }

  record Parsed(VersionEdit edit, List<FieldError> errors) {}

  private static String text(JsonNode edit, String field, List<FieldError> errors) {
    JsonNode v = edit.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isString() || v.asString().isBlank()) {
      errors.add(new FieldError("edit." + field, "must be a non-empty string"));
      return null;
    }
    if (v.asString().length() > MAX_TEXT) {
      errors.add(new FieldError("edit." + field, "is longer than " + MAX_TEXT));
      return null;
    }
    return v.asString();
  }

  private static Integer integer(JsonNode edit, String field, List<FieldError> errors) {
    JsonNode v = edit.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      errors.add(new FieldError("edit." + field, "must be an integer"));
      return null;
    }
    return v.asInt();
  }

  private static List<String> sorted() {
    return FIELDS.stream().sorted().toList();
  }
}
