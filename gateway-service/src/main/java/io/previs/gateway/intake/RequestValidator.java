package io.previs.gateway.intake;

import io.previs.contracts.job.JobEvent.FieldError;
import io.previs.contracts.job.JobIds;
import io.previs.contracts.job.JobLabels;
import io.previs.contracts.job.JobSpec;
import io.previs.contracts.job.JobSpec.ShotSpec;
import io.previs.contracts.job.Priority;
import io.previs.contracts.job.RenderRequest;
import io.previs.contracts.job.RenderRequest.ShotRequest;
import io.previs.gateway.GatewayProperties;
import io.previs.gateway.input.Text;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Checks a parsed request against the gateway's limits and the named model's rules, and resolves
 * every default, producing the {@link JobSpec} that is recorded in the accepted event. Every
 * problem is reported, each naming its field and the limit it broke.
 */
@Component
class RequestValidator {

  static final Pattern STUDIO = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  static final Pattern CLIENT_JOB_ID = Pattern.compile("[A-Za-z0-9._:/-]{1,128}");
  static final Pattern MODEL_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  /** Letters and digits of any script, then also . _ : / -; 1 to 64 code points. */
  static final Pattern LABEL_KEY = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}._:/-]{0,63}");

  static final int MAX_LABEL_VALUE = 256;

  private final Models models;
  private final GatewayProperties props;

  public RequestValidator(Models models, GatewayProperties props) {
    this.models = models;
    this.props = props;
  }

  /**
   * The outcome: a spec and its job id, or the errors (with the job id when one can be derived).
   */
  public record Result(String jobId, JobSpec spec, List<FieldError> errors) {
    public boolean valid() {
      return errors.isEmpty();
    }
  }

  /**
   * @param platform the platform made the request: it alone may set {@code previs.*} labels
   */
  public Result validate(
      RenderRequest r, List<FieldError> parseErrors, Instant now, boolean platform) {
    List<FieldError> errors = new ArrayList<>(parseErrors);
    String studio = r.studio();
    if (Text.blank(studio)) {
      if (fieldOk(parseErrors, "studio")) {
        errors.add(new FieldError("studio", "is required"));
      }
      studio = null;
    } else if (!STUDIO.matcher(studio).matches()) {
      errors.add(
          new FieldError("studio", "'" + Text.quote(studio) + "' must match " + STUDIO.pattern()));
      studio = null;
    }
    String clientJobId = r.clientJobId();
    if (clientJobId != null && !CLIENT_JOB_ID.matcher(clientJobId).matches()) {
      errors.add(new FieldError("clientJobId", "must be 1 to 128 of A-Z a-z 0-9 . _ : / -"));
      clientJobId = null;
    }
    if (clientJobId == null && fieldOk(errors, "clientJobId")) {
      // Intake gives every request without one a clientJobId before it gets here (Submissions).
      errors.add(new FieldError("clientJobId", "is required"));
    }
    String jobId = studio != null && clientJobId != null ? JobIds.jobId(studio, clientJobId) : null;

    String modelId = r.modelId() == null ? props.defaultModel() : r.modelId();
    ModelLimits model =
        MODEL_ID.matcher(modelId).matches() ? models.find(modelId).orElse(null) : null;
    if (model == null) {
      errors.add(
          new FieldError(
              "modelId",
              "'" + Text.quote(modelId) + "' is not a known model; known: " + models.ids()));
    }
    // Without a model there is no default fps; the model error is reported and the rest checked.
    int fps =
        r.fps() != null
            ? r.fps()
            : model != null ? model.defaultFps() : ModelLimits.MANIFEST_DEFAULT_FPS;
    if (fps < 1 || fps > props.maxFps()) {
      errors.add(new FieldError("fps", fps + " is outside 1.." + props.maxFps()));
    }
    int variants = r.variants() == null ? 1 : r.variants();
    if (variants < 1 || variants > props.maxVariants()) {
      errors.add(new FieldError("variants", variants + " is outside 1.." + props.maxVariants()));
    }
    checkText(errors, "negativePrompt", r.negativePrompt(), false);
    List<ShotSpec> shots = shots(r, model, fps, errors);
    checkSize(r, model, errors);
    Integer steps = r.steps();
    if (steps != null && (steps < 1 || steps > props.maxSteps())) {
      errors.add(new FieldError("steps", steps + " is outside 1.." + props.maxSteps()));
    }
    Double guidance = r.guidance();
    if (guidance != null && !(guidance >= 0 && guidance <= props.maxGuidance())) {
      errors.add(new FieldError("guidance", guidance + " is outside 0.." + props.maxGuidance()));
    }
    Priority priority = r.priority() == null ? Priority.NORMAL : Priority.parse(r.priority());
    if (priority == null) {
      errors.add(
          new FieldError(
              "priority",
              "'" + Text.quote(r.priority()) + "' is not one of low, normal, high, urgent"));
    }
    Map<String, String> labels = r.labels() == null ? Map.of() : r.labels();
    checkLabels(labels, errors, platform);
    long totalFrames =
        (long) shots.stream().mapToInt(ShotSpec::frames).sum() * Math.max(variants, 1);
    if (totalFrames > props.maxFramesPerJob()) {
      errors.add(
          new FieldError(
              "frames",
              "the job asks for "
                  + totalFrames
                  + " frames over all shots and variants, above the limit of "
                  + props.maxFramesPerJob()));
    }
    if (!errors.isEmpty()) {
      return new Result(jobId, null, List.copyOf(errors));
    }
    Integer overlap = r.windowOverlap();
    if (overlap != null && model != null) {
      int most = model.maxFrames() - 1 - model.temporalStride();
      if (overlap < 1 || overlap > most) {
        errors.add(
            new FieldError(
                "windowOverlap",
                overlap
                    + " frames is outside 1.."
                    + most
                    + " (model "
                    + model.id()
                    + "'s window is "
                    + model.maxFrames()
                    + " frames)"));
        return new Result(jobId, null, List.copyOf(errors));
      }
    }
    long seed = r.seed() != null ? r.seed() : defaultSeed(jobId);
    JobSpec spec =
        new JobSpec(
            studio,
            clientJobId,
            List.copyOf(shots),
            variants,
            fps,
            r.width() == null ? size(model.defaultSize(), 0) : r.width(),
            r.height() == null ? size(model.defaultSize(), 1) : r.height(),
            seed,
            steps,
            guidance,
            modelId,
            priority,
            Map.copyOf(labels),
            shots.size() * variants,
            now,
            overlap,
            List.of(),
            r.variation());
    return new Result(jobId, spec, List.of());
  }

  private List<ShotSpec> shots(
      RenderRequest r, ModelLimits model, int fps, List<FieldError> errors) {
    List<ShotRequest> requested = r.shots();
    if (requested == null || requested.isEmpty()) {
      if (checkText(errors, "prompt", r.prompt(), true)) {
        Integer frames = frames("", r.frames(), r.seconds(), model, fps, errors);
        return frames == null
            ? List.of()
            : List.of(new ShotSpec(0, r.prompt(), negative(r, null, model), frames));
      }
      return List.of();
    }
    if (requested.size() > props.maxShots()) {
      errors.add(
          new FieldError(
              "shots", requested.size() + " shots exceed the limit of " + props.maxShots()));
      return List.of();
    }
    List<ShotSpec> shots = new ArrayList<>();
    for (int i = 0; i < requested.size(); i++) {
      ShotRequest s = requested.get(i);
      String f = "shots[" + i + "].";
      String prompt = s.prompt() != null ? s.prompt() : r.prompt();
      boolean ok = checkText(errors, f + "prompt", prompt, true);
      ok &= checkText(errors, f + "negativePrompt", s.negativePrompt(), false);
      Integer frames =
          frames(
              f,
              s.frames() != null ? s.frames() : (s.seconds() != null ? null : r.frames()),
              s.seconds() != null ? s.seconds() : r.seconds(),
              model,
              fps,
              errors);
      List<JobSpec.BeatSpec> beats =
          frames == null ? List.of() : beats(f, s.beats(), frames, fps, model, errors);
      if (ok && frames != null && beats != null) {
        shots.add(new ShotSpec(i, prompt, negative(r, s.negativePrompt(), model), frames, beats));
      }
    }
    return shots;
  }

  /**
   * A shot's beats with the frame each starts at; null when they are invalid (the errors say why).
   * Beats condition the windows of a long shot, so a shot of one window cannot have them.
   */
  private List<JobSpec.BeatSpec> beats(
      String f,
      List<RenderRequest.BeatRequest> beats,
      int frames,
      int fps,
      ModelLimits m,
      List<FieldError> errors) {
    if (beats == null || beats.isEmpty() || m == null) {
      return List.of();
    }
    if (beats.size() > MAX_BEATS) {
      errors.add(
          new FieldError(
              f + "beats", beats.size() + " beats exceed the limit of " + MAX_BEATS + " per shot"));
      return null;
    }
    if (frames <= m.maxFrames()) {
      errors.add(
          new FieldError(
              f + "beats",
              "the shot is "
                  + frames
                  + " frames, one window of model "
                  + m.id()
                  + " ("
                  + m.maxFrames()
                  + " frames): beats condition the windows of a longer shot"));
      return null;
    }
    List<JobSpec.BeatSpec> out = new ArrayList<>();
    double at = 0;
    boolean ok = true;
    for (int j = 0; j < beats.size(); j++) {
      RenderRequest.BeatRequest b = beats.get(j);
      String bf = f + "beats[" + j + "].";
      ok &= checkText(errors, bf + "prompt", b.prompt(), true);
      int start = (int) Math.round(at * fps);
      if (start >= frames) {
        errors.add(
            new FieldError(
                bf + "seconds",
                "beat "
                    + j
                    + " would start at "
                    + String.format("%.2f", at)
                    + " s, past the shot's "
                    + String.format("%.2f", (frames - 1) / (double) fps)
                    + " s"));
        return null;
      }
      if (b.seconds() == null) {
        if (j < beats.size() - 1) {
          errors.add(new FieldError(bf + "seconds", "is required but on the last beat"));
          ok = false;
        }
      } else if (!(b.seconds() > 0) || b.seconds().isInfinite()) {
        errors.add(new FieldError(bf + "seconds", b.seconds() + " must be greater than 0"));
        ok = false;
      } else {
        at += b.seconds();
      }
      out.add(new JobSpec.BeatSpec(b.prompt(), start));
    }
    return ok ? List.copyOf(out) : null;
  }

  /** Beats one shot may have. */
  static final int MAX_BEATS = 16;

  /** Frames from an explicit count or from seconds at fps; checked against the model. */
  private Integer frames(
      String prefix,
      Integer frames,
      Double seconds,
      ModelLimits m,
      int fps,
      List<FieldError> errors) {
    if (m == null) {
      return null;
    }
    if (frames != null && seconds != null) {
      errors.add(new FieldError(prefix + "frames", "give frames or seconds, not both"));
      return null;
    }
    if (frames == null && seconds == null) {
      return m.defaultFrames();
    }
    if (seconds != null) {
      if (!(seconds > 0)) {
        errors.add(new FieldError(prefix + "seconds", seconds + " must be greater than 0"));
        return null;
      }
      int wanted = (int) Math.round(seconds * fps) + 1;
      int snapped = m.nearestValid(wanted);
      int longest = m.maxShotFrames(props.maxShotSeconds());
      if (snapped > longest || snapped < m.minFrames()) {
        errors.add(
            new FieldError(
                prefix + "seconds",
                seconds
                    + " s at "
                    + fps
                    + " fps is "
                    + wanted
                    + " frames; model "
                    + m.id()
                    + " renders "
                    + m.minFrames()
                    + ".."
                    + longest
                    + " frames ("
                    + String.format("%.2f", (longest - 1) / (double) fps)
                    + " s at most; previs.gateway.max-shot-seconds is "
                    + props.maxShotSeconds()
                    + ")"));
        return null;
      }
      return snapped;
    }
    if (frames < m.minFrames()) {
      errors.add(
          new FieldError(
              prefix + "frames",
              frames + " is below model " + m.id() + "'s minimum of " + m.minFrames()));
    } else if (frames > m.maxShotFrames(props.maxShotSeconds())) {
      errors.add(
          new FieldError(
              prefix + "frames",
              frames
                  + " is above the longest shot on model "
                  + m.id()
                  + ", "
                  + m.maxShotFrames(props.maxShotSeconds())
                  + " frames ("
                  + props.maxShotSeconds()
                  + " s; its window is "
                  + m.maxFrames()
                  + ")"));
    } else if ((frames - 1) % m.temporalStride() != 0) {
      errors.add(
          new FieldError(
              prefix + "frames",
              frames
                  + " is not "
                  + m.temporalStride()
                  + "n+1 (model "
                  + m.id()
                  + " decodes 1 + "
                  + m.temporalStride()
                  + "·k frames; nearest: "
                  + m.nearestValid(frames)
                  + ")"));
    } else {
      return frames;
    }
    return null;
  }

  private void checkSize(RenderRequest r, ModelLimits m, List<FieldError> errors) {
    if (m == null) {
      return;
    }
    if ((r.width() == null) != (r.height() == null)) {
      errors.add(
          new FieldError(r.width() == null ? "width" : "height", "give width and height together"));
      return;
    }
    if (r.width() != null && !m.sizes().contains(r.width() + "x" + r.height())) {
      errors.add(
          new FieldError(
              "size",
              r.width()
                  + "x"
                  + r.height()
                  + " is not offered by model "
                  + m.id()
                  + "; allowed: "
                  + m.sizes()));
    }
  }

  /**
   * A prompt-like field: when required, not blank (Text decides what blank is); printable; within
   * the character limit. A blank optional field means none.
   */
  private boolean checkText(List<FieldError> errors, String field, String value, boolean required) {
    String control = Text.controlCharacter(value, true);
    if (control != null) {
      errors.add(new FieldError(field, "contains the control character " + control));
      return false;
    }
    if (Text.blank(value)) {
      if (required && fieldOk(errors, field)) {
        errors.add(new FieldError(field, "must not be blank"));
      }
      return !required;
    }
    int chars = Text.length(value);
    if (chars > props.maxPromptChars()) {
      errors.add(
          new FieldError(
              field, chars + " characters exceed the limit of " + props.maxPromptChars()));
      return false;
    }
    return true;
  }

  private void checkLabels(Map<String, String> labels, List<FieldError> errors, boolean platform) {
    // Platform labels (QC's regeneration lineage) do not count, so a studio that uses its whole
    // allowance can still have a failed variant rendered again.
    long studioLabels = JobLabels.studioCount(labels);
    if (studioLabels > JobLabels.MAX_STUDIO_LABELS) {
      errors.add(
          new FieldError(
              "labels",
              studioLabels + " labels exceed the limit of " + JobLabels.MAX_STUDIO_LABELS));
    }
    labels.forEach(
        (k, v) -> {
          if (JobLabels.reserved(k) && JobLabels.PLATFORM.contains(k) && !platform) {
            errors.add(
                new FieldError(
                    "labels." + Text.quote(k),
                    "only the platform may set '" + JobLabels.RESERVED_PREFIX + "' labels"));
          } else if (JobLabels.reserved(k) && !JobLabels.PLATFORM.contains(k)) {
            errors.add(
                new FieldError(
                    "labels." + Text.quote(k),
                    "the '"
                        + JobLabels.RESERVED_PREFIX
                        + "' prefix is reserved for platform labels "
                        + JobLabels.PLATFORM.stream().sorted().toList()));
          } else if (!LABEL_KEY.matcher(k).matches()) {
            errors.add(
                new FieldError(
                    "labels." + Text.quote(k),
                    "keys are 1 to 64 letters, digits and . _ : / -, starting with a letter or"
                        + " digit"));
          } else if (Text.length(v) > MAX_LABEL_VALUE) {
            errors.add(
                new FieldError(
                    "labels." + k,
                    Text.length(v) + " characters exceed the limit of " + MAX_LABEL_VALUE));
          } else if (Text.controlCharacter(v, false) != null) {
            errors.add(
                new FieldError(
                    "labels." + k,
                    "contains the control character " + Text.controlCharacter(v, false)));
          }
        });
  }

  private static String negative(RenderRequest r, String shotNegative, ModelLimits m) {
    if (shotNegative != null) {
      return shotNegative;
    }
    return r.negativePrompt() != null ? r.negativePrompt() : m.defaultNegativePrompt();
  }

  /** One dimension of a {@code WIDTHxHEIGHT} size: 0 for the width, 1 for the height. */
  private static int size(String size, int dimension) {
    return Integer.parseInt(size.split("x")[dimension]);
  }

  /** Without a seed, the job id picks one: resubmissions and replays render the same frames. */
  static long defaultSeed(String jobId) {
    return Long.parseUnsignedLong(jobId.substring(2, 15), 16) & ((1L << 53) - 1);
  }

  private static boolean fieldOk(List<FieldError> errors, String field) {
    return errors.stream().noneMatch(e -> e.field().equals(field));
  }
}
