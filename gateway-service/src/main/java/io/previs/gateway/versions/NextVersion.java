package io.previs.gateway.versions;

import io.previs.contracts.job.JobEvent.FieldError;
import io.previs.contracts.job.JobLabels;
import io.previs.contracts.job.JobSpec;
import io.previs.contracts.job.JobSpec.ShotSpec;
import io.previs.contracts.job.ShotForm;
import io.previs.gateway.jobs.JobView;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The render request of a shot's next version: the rejected job's accepted spec — its composed
 * prompts, or its shot forms and templates, its size, length, model, seeds and studio labels — with
 * the director's edit applied, named {@code <shot>/v00N} and labelled with its lineage. Pure: the
 * caller submits it.
 */
final class NextVersion {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private NextVersion() {}

  /**
   * @param request what to submit
   * @param changes field of the new request to its new value, what the edit changed
   */
  record Plan(ObjectNode request, String clientJobId, Map<String, String> changes) {}

  /** Same job, take and edit: the same id, so asking twice makes one version. */
  static String editId(JobView job, int variant, VersionEdit edit) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update((job.jobId() + "\n" + variant + "\n" + edit).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The next version's request, or the errors of an edit that does not fit the job (a form edit of
   * a shot written as free text, a shot the job does not have).
   *
   * @param version the number it gets
   */
  static Object plan(JobView parent, int variant, VersionEdit edit, int version, String editId) {
    JobSpec spec = parent.spec();
    List<FieldError> errors = new ArrayList<>();
    Integer only = edit.shot();
    boolean editsText =
        edit.form() != null || edit.prompt() != null || edit.negativePrompt() != null;
    if (only != null && (only < 0 || only >= spec.shots().size())) {
      errors.add(
          new FieldError(
              "edit.shot", only + " is outside 0.." + (spec.shots().size() - 1) + " for this job"));
    } else if (only == null && editsText && spec.shots().size() > 1) {
      errors.add(
          new FieldError(
              "edit.shot", "is required: the job has " + spec.shots().size() + " shots"));
    }
    if (!errors.isEmpty()) {
      return errors;
    }
    int target = only == null ? 0 : only;
    String shot = Shots.shot(parent);
    Map<String, String> changes = new LinkedHashMap<>();
    ObjectNode r = JSON.createObjectNode();
    r.put("studio", spec.studio());
    String clientJobId = Shots.clientJobId(shot, version);
    r.put("clientJobId", clientJobId);
    r.put("width", spec.width());
    r.put("height", spec.height());
    r.put("fps", spec.fps());
    r.put("modelId", spec.modelId());
    r.put("priority", spec.priority().wire());
    if (spec.windowOverlap() != null) {
      r.put("windowOverlap", spec.windowOverlap());
    }
    put(r, "variants", spec.variants(), edit.variants(), changes);
    put(r, "seed", spec.seed(), edit.seed(), changes);
    if (spec.steps() != null || edit.steps() != null) {
      put(r, "steps", spec.steps(), edit.steps(), changes);
    }
    if (spec.guidance() != null || edit.guidance() != null) {
      put(r, "guidance", spec.guidance(), edit.guidance(), changes);
    }
    ArrayNode shots = r.putArray("shots");
    for (ShotSpec s : spec.shots()) {
      ObjectNode n = shots.addObject();
      n.put("frames", s.frames());
      String f = "shots[" + s.index() + "]";
      boolean edited = s.index() == target;
      if (edited && edit.form() != null) {
        if (s.form() == null) {
          errors.add(
              new FieldError(
                  "edit.form",
                  "shot " + s.index() + " was written as a prompt, not a form: edit its prompt"));
          continue;
        }
        ObjectNode form = n.putObject("form");
        for (String slot : ShotForm.SLOTS) {
          String was = s.form().slot(slot);
          String now = edit.form().containsKey(slot) ? edit.form().get(slot) : was;
          if (now != null && !now.isEmpty()) {
            form.put(slot, now);
          }
          if (edit.form().containsKey(slot) && !java.util.Objects.equals(was, now)) {
            changes.put(f + ".form." + slot, now);
          }
        }
        if (s.template() != null) {
          n.put("template", s.template().substring(s.template().indexOf(':') + 1));
        }
      } else if (edited && edit.prompt() != null) {
        n.put("prompt", edit.prompt());
        changes.put(f + ".prompt", edit.prompt());
      } else {
        n.put("prompt", s.prompt());
        if (!s.beats().isEmpty()) {
          ArrayNode beats = n.putArray("beats");
          // a beat starts at a time in the request; at the spec's rate it names the same frame
          s.beats()
              .forEach(
                  b ->
                      beats
                          .addObject()
                          .put("prompt", b.prompt())
                          .put("seconds", b.startFrame() / (double) spec.fps()));
        }
      }
      if (edited && edit.negativePrompt() != null) {
        n.put("negativePrompt", edit.negativePrompt());
        changes.put(f + ".negativePrompt", edit.negativePrompt());
      } else if (s.negativePrompt() != null && !(edited && edit.form() != null)) {
        n.put("negativePrompt", s.negativePrompt());
      }
    }
    if (!errors.isEmpty()) {
      return errors;
    }
    ObjectNode labels = r.putObject("labels");
    spec.labels()
        .forEach(
            (k, v) -> {
              if (!JobLabels.reserved(k)) {
                labels.put(k, v);
              }
            });
    labels.put(JobLabels.VERSION_SHOT, shot);
    labels.put(JobLabels.VERSION, Integer.toString(version));
    labels.put(JobLabels.VERSION_PARENT, parent.jobId());
    labels.put(JobLabels.VERSION_EDIT, editId);
    return new Plan(r, clientJobId, Map.copyOf(changes));
  }

  private static void put(
      ObjectNode r, String field, Object was, Object now, Map<String, String> changes) {
    Object v = now != null ? now : was;
    switch (v) {
      case Integer i -> r.put(field, i);
      case Long l -> r.put(field, l);
      case Double d -> r.put(field, d);
      default -> throw new IllegalArgumentException(field + ": " + v);
    }
    if (now != null && !now.equals(was)) {
      changes.put(field, now.toString());
    }
  }
}
