package io.previs.gateway.prompts;

import io.previs.contracts.job.JobEvent.FieldError;
import io.previs.contracts.job.JobSpec;
import io.previs.contracts.job.RenderRequest;
import io.previs.contracts.job.RenderRequest.BeatRequest;
import io.previs.contracts.job.RenderRequest.ShotRequest;
import io.previs.contracts.job.ShotForm;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Turns a request's shot forms into the prompts the model gets, before the request is validated:
 * every prompt and slot in {@link PromptText} normal form, the camera slot in the {@link
 * CameraVocabulary}, each form composed by its template (the shot's, else the request's, else the
 * house default). The request comes back with plain prompts, so validation and everything after it
 * see what the model will see; the errors name the slot and the template, the warnings what passed
 * through unrecognised; {@link Composed#annotate} records the forms and templates in the accepted
 * spec.
 */
@Component
public class PromptComposer {

  private final PromptTemplates templates;

  public PromptComposer(PromptTemplates templates) {
    this.templates = templates;
  }

  /** Where a shot's prompt came from: its form and template (null for a free-text prompt). */
  public record Provenance(ShotForm form, String template) {}

  /**
   * The request with composed prompts, and what composing found.
   *
   * @param shots per shot index (or 0 for a request without a shot list): the provenance
   */
  public record Composed(
      RenderRequest request,
      List<FieldError> errors,
      List<FieldError> warnings,
      Map<Integer, Provenance> shots) {

    /** The accepted spec with each shot's form and template, and the warnings. */
    public JobSpec annotate(JobSpec spec) {
      if (spec == null || (shots.isEmpty() && warnings.isEmpty())) {
        return spec;
      }
      List<JobSpec.ShotSpec> out = new ArrayList<>();
      for (JobSpec.ShotSpec s : spec.shots()) {
        Provenance p = shots.get(s.index());
        out.add(p == null ? s : s.withForm(p.form(), p.template()));
      }
      return spec.withShots(out).withWarnings(warnings);
    }
  }

  public Composed compose(RenderRequest r) {
    return compose(r, r.studio());
  }

  /**
   * @param studio whose templates in storage may be used (null: the house's only — the request's
   *     studio is not known to be its sender's)
   */
  public Composed compose(RenderRequest r, String studio) {
    List<FieldError> errors = new ArrayList<>();
    List<FieldError> warnings = new ArrayList<>();
    Map<Integer, Provenance> provenance = new HashMap<>();
    ShotForm defaults = clean(r.form());
    String requestTemplate = r.template();
    checkTemplateName("template", requestTemplate, errors);

    String prompt = PromptText.normalize(r.prompt());
    String negative = PromptText.normalize(r.negativePrompt());
    List<ShotRequest> shots = null;
    if (r.shots() == null || r.shots().isEmpty()) {
      if (r.form() != null) {
        if (prompt != null) {
          errors.add(new FieldError("form", "give prompt or form, not both"));
        } else {
          Result c = compose("form", defaults, requestTemplate, studio, errors, warnings);
          if (c != null) {
            prompt = c.prompt();
            negative = negative != null ? negative : c.negative();
            provenance.put(0, new Provenance(c.form(), c.template()));
          }
        }
      }
    } else {
      shots = new ArrayList<>();
      for (int i = 0; i < r.shots().size(); i++) {
        ShotRequest s = r.shots().get(i);
        String f = "shots[" + i + "].";
        String shotPrompt = PromptText.normalize(s.prompt());
        String shotNegative = PromptText.normalize(s.negativePrompt());
        checkTemplateName(f + "template", s.template(), errors);
        String template = s.template() != null ? s.template() : requestTemplate;
        if (s.form() != null || (shotPrompt == null && prompt == null && r.form() != null)) {
          if (s.form() != null && shotPrompt != null) {
            errors.add(new FieldError(f + "form", "give prompt or form, not both"));
          } else {
            ShotForm form = s.form() == null ? defaults : clean(s.form()).orElse(defaults);
            Result c = compose(f + "form", form, template, studio, errors, warnings);
            if (c != null) {
              shotPrompt = c.prompt();
              shotNegative = shotNegative != null ? shotNegative : c.negative();
              provenance.put(i, new Provenance(c.form(), c.template()));
            }
          }
        }
        List<BeatRequest> beats = null;
        if (s.beats() != null) {
          beats = new ArrayList<>();
          for (int j = 0; j < s.beats().size(); j++) {
            BeatRequest b = s.beats().get(j);
            String bf = f + "beats[" + j + "].";
            String beatPrompt = PromptText.normalize(b.prompt());
            if (b.form() != null) {
              if (beatPrompt != null) {
                errors.add(new FieldError(bf + "form", "give prompt or form, not both"));
              } else {
                ShotForm form =
                    clean(b.form())
                        .orElse(s.form() == null ? defaults : clean(s.form()).orElse(defaults));
                Result c = compose(bf + "form", form, template, studio, errors, warnings);
                beatPrompt = c == null ? null : c.prompt();
              }
            }
            beats.add(new BeatRequest(beatPrompt, b.seconds(), null));
          }
        }
        shots.add(
            new ShotRequest(shotPrompt, shotNegative, s.seconds(), s.frames(), beats, null, null));
      }
    }
    RenderRequest composed = r.withPrompts(prompt, negative, shots);
    return new Composed(
        composed, List.copyOf(errors), List.copyOf(warnings), Map.copyOf(provenance));
  }

  private record Result(String prompt, String negative, ShotForm form, String template) {}

  /** One form through its template; null when it cannot be composed (the errors say why). */
  private Result compose(
      String field,
      ShotForm form,
      String templateName,
      String studio,
      List<FieldError> errors,
      List<FieldError> warnings) {
    String name = templateName != null ? templateName : templates.defaultName();
    if (!PromptTemplates.NAME.matcher(name).matches()) {
      return null; // reported by checkTemplateName
    }
    PromptTemplates.Found found;
    try {
      found = templates.find(studio, name).orElse(null);
    } catch (PromptTemplates.BadTemplateException e) {
      errors.add(new FieldError(templateField(field), e.getMessage()));
      return null;
    }
    if (found == null) {
      errors.add(
          new FieldError(
              templateField(field),
              "no template '"
                  + name
                  + "': "
                  + (studio == null
                      ? ""
                      : "not the studio's (" + PromptTemplates.key(studio, name) + ") nor ")
                  + "the house's "
                  + templates.houseNames()));
      return null;
    }
    PromptTemplate t = found.template();
    Map<String, String> values = t.fill(form);
    boolean ok = true;
    for (String missing : t.missing(values)) {
      errors.add(
          new FieldError(
              field + "." + missing,
              "is required by template " + found.reference() + " (it needs " + t.required() + ")"));
      ok = false;
    }
    if (!ok) {
      return null;
    }
    boolean chinese =
        PromptText.chinese(
            String.join(" ", values.values().stream().filter(v -> v != null).toList()));
    String camera = values.get("camera");
    if (camera != null) {
      CameraVocabulary.Camera parsed = CameraVocabulary.parse(PromptText.normalize(camera));
      for (String u : parsed.unknown()) {
        warnings.add(
            new FieldError(
                field + ".camera",
                "'" + u + "' is not in the camera vocabulary; passed to the model as written"));
      }
      values.put("camera", PromptText.normalize(parsed.text(chinese)));
    }
    String prompt =
        PromptTemplate.compose(chinese && t.promptZh() != null ? t.promptZh() : t.prompt(), values);
    String negativePattern =
        chinese && t.negativePromptZh() != null ? t.negativePromptZh() : t.negativePrompt();
    String negative = PromptTemplate.compose(negativePattern, values);
    ShotForm filled =
        new ShotForm(
            values.get("subject"),
            values.get("action"),
            values.get("environment"),
            values.get("style"),
            values.get("camera"),
            values.get("details"));
    return new Result(
        PromptText.normalize(prompt),
        negative == null || negative.isBlank() ? null : PromptText.normalize(negative),
        filled,
        found.reference());
  }

  private static String templateField(String formField) {
    return formField.substring(0, formField.length() - "form".length()) + "template";
  }

  private static void checkTemplateName(String field, String name, List<FieldError> errors) {
    if (name != null && !PromptTemplates.NAME.matcher(name).matches()) {
      errors.add(
          new FieldError(field, "'" + name + "' must match " + PromptTemplates.NAME.pattern()));
    }
  }

  /** Every slot in normal form; blank slots are absent. */
  private static ShotForm clean(ShotForm f) {
    if (f == null) {
      return null;
    }
    return new ShotForm(
        slot(f.subject()),
        slot(f.action()),
        slot(f.environment()),
        slot(f.style()),
        slot(f.camera()),
        slot(f.details()));
  }

  private static String slot(String s) {
    String n = PromptText.normalize(s);
    return n == null || n.isEmpty() ? null : n;
  }
}
