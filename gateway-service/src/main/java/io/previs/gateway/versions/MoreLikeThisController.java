package io.previs.gateway.versions;

import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEvent.FieldError;
import io.previs.contracts.job.JobLabels;
import io.previs.contracts.job.JobSpec;
import io.previs.gateway.audit.AuditLog;
import io.previs.gateway.input.InvalidRequestException;
import io.previs.gateway.input.StrictJson;
import io.previs.gateway.intake.PlatformSubmissions;
import io.previs.gateway.jobs.JobView;
import io.previs.gateway.jobs.StudioScope;
import io.previs.gateway.reviews.HeldTakes;
import io.previs.gateway.reviews.ReviewDecisions;
import io.previs.gateway.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * "More like this": from a chosen take, new takes that stay close to it — the same prompt and
 * settings, and initial noise that is the chosen take's turned a little towards each new take's own
 * (contracts' {@code Variation}). A job of its own, in the same version of the shot.
 */
@RestController
@Tag(name = "reviews")
class MoreLikeThisController {

  static final int DEFAULT_VARIANTS = 4;
  static final double DEFAULT_STRENGTH = 0.25;
  private static final Set<String> FIELDS = Set.of("variants", "strength", "batch");

  /**
   * @param status {@code accepted}, {@code held} (the content policy holds it for ops) or {@code
   *     duplicate} (asked before: the same batch)
   */
  record MoreLikeThisResponse(
      String jobId,
      String clientJobId,
      String status,
      int variants,
      io.previs.contracts.job.Variation variation,
      Map<String, String> links) {}

  private final StudioScope scope;
  private final PlatformSubmissions submissions;
  private final StrictJson json;
  private final AuditLog audit;
  private final HeldTakes heldTakes;

  MoreLikeThisController(
      StudioScope scope,
      PlatformSubmissions submissions,
      StrictJson json,
      AuditLog audit,
      HeldTakes heldTakes) {
    this.scope = scope;
    this.submissions = submissions;
    this.json = json;
    this.audit = audit;
    this.heldTakes = heldTakes;
  }

  @Operation(
      summary = "More like this: new takes close to a chosen one",
      description =
          "Body {\"variants\": 4, \"strength\": 0.25, \"batch\": 1} (all optional). The new job"
              + " renders the chosen take's job again (prompt, size, length, model, labels) with"
              + " `variants` takes whose initial noise is the chosen take's turned towards each"
              + " take's own by strength × 90°: 0.1–0.3 keeps the chosen take's composition with"
              + " other details, 1 is unrelated. Its clientJobId names the take, strength and"
              + " batch, so asking again answers the same job; ask for batch 2 for more.")
  @ApiResponse(responseCode = "201", description = "The new takes are a job")
  @ApiResponse(responseCode = "200", description = "Asked before: the same batch")
  @ApiResponse(responseCode = "400", description = "A field is invalid (each is named)")
  @ApiResponse(
      responseCode = "403",
      description = "The content policy holds the take (a protected likeness): ops decide first")
  @ApiResponse(responseCode = "409", description = "The take has no clip yet")
  @PostMapping(
      path = "/v1/jobs/{jobId}/variants/{variant}/more-like-this",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<MoreLikeThisResponse> more(
      @PathVariable String jobId,
      @PathVariable int variant,
      @RequestBody byte[] body,
      @RequestHeader(name = "X-Correlation-Id", required = false) String correlationId,
      HttpServletRequest request)
      throws InterruptedException {
    Caller caller = Caller.require();
    JobView job = scope.require(caller, jobId);
    String target = jobId + "/v" + variant;
    JsonNode b = json.parseObject(body);
    List<FieldError> errors = new ArrayList<>();
    for (String name : b.propertyNames()) {
      if (!FIELDS.contains(name)) {
        errors.add(new FieldError(name, "is not a field of more like this (" + FIELDS + ")"));
      }
    }
    int variants = integer(b, "variants", DEFAULT_VARIANTS, errors);
    int batch = integer(b, "batch", 1, errors);
    double strength = DEFAULT_STRENGTH;
    JsonNode s = b.get("strength");
    if (s != null && !s.isNull()) {
      if (!s.isNumber()) {
        errors.add(new FieldError("strength", "must be a number"));
      } else {
        strength = s.asDouble();
      }
    }
    if (!(strength > 0 && strength <= 1)) {
      errors.add(new FieldError("strength", strength + " is outside (0, 1]"));
    }
    if (batch < 1 || batch > 999) {
      errors.add(new FieldError("batch", batch + " is outside 1..999"));
    }
    JobSpec spec = job.spec();
    if (spec != null && ReviewDecisions.outOfRange(job, variant) != null) {
      errors.add(ReviewDecisions.outOfRange(job, variant));
    }
    if (!errors.isEmpty()) {
      audit.http(caller, request, "review.more", target, AuditLog.REJECTED, 400, "" + errors);
      throw new InvalidRequestException(jobId, errors, "Invalid more like this");
    }
    if (spec == null || !ReviewDecisions.hasClip(job, variant)) {
      throw new ResponseStatusException(
          HttpStatus.CONFLICT, "variant " + variant + " of job " + jobId + " has no clip yet");
    }
    heldTakes.refuse(caller, request, job, variant, "review.more");
    long chosen = spec.seedOf(variant);
    String clientJobId =
        job.clientJobId()
            + String.format(
                Locale.ROOT, "/more-v%d-s%03d-b%d", variant, Math.round(strength * 100), batch);
    // the new takes' own seeds: fixed by the batch, apart from the chosen job's seeds
    long seed =
        Math.floorMod(
            (chosen * 0x9E3779B97F4A7C15L) ^ (batch * 1_000_003L) ^ clientJobId.hashCode(),
            1L << 40);
    io.previs.contracts.job.Variation variation =
        new io.previs.contracts.job.Variation(chosen, strength, jobId, variant);
    VersionEdit same = new VersionEdit(null, null, null, null, variants, seed, null, null);
    Object planned = NextVersion.plan(job, variant, same, Shots.version(job), "more-like-this");
    if (planned instanceof List<?> l) {
      @SuppressWarnings("unchecked")
      List<FieldError> bad = (List<FieldError>) l;
      throw new InvalidRequestException(jobId, bad, "Invalid more like this");
    }
    ObjectNode r = ((NextVersion.Plan) planned).request();
    r.put("clientJobId", clientJobId);
    ObjectNode labels = (ObjectNode) r.get("labels");
    labels.remove(JobLabels.VERSION_EDIT);
    if (Shots.version(job) == 1) {
      labels.remove(JobLabels.VERSION); // a take of v001 is of no version but the first
    }
    labels.remove(JobLabels.VERSION_PARENT); // not a version made from it: its variation says so
    ObjectNode v = r.putObject("variation");
    v.put("chosenSeed", chosen);
    v.put("strength", strength);
    v.put("fromJobId", jobId);
    v.put("fromVariant", variant);
    JobEvent decision = submissions.submit(r, caller, "review", correlationId);
    String status = Submitted.status(decision, caller, request, audit, "review.more", target);
    audit.http(
        caller,
        request,
        "review.more",
        target,
        AuditLog.ALLOWED,
        status.equals("duplicate") ? 200 : 201,
        variants
            + " takes near seed "
            + chosen
            + " at strength "
            + strength
            + ": job "
            + decision.jobId());
    MoreLikeThisResponse out =
        new MoreLikeThisResponse(
            decision.jobId(),
            clientJobId,
            status,
            variants,
            variation,
            Map.of(
                "self", "/v1/jobs/" + decision.jobId(),
                "events", "/v1/jobs/" + decision.jobId() + "/events"));
    return status.equals("duplicate")
        ? ResponseEntity.ok(out)
        : ResponseEntity.created(URI.create("/v1/jobs/" + decision.jobId())).body(out);
  }

  private static int integer(JsonNode b, String field, int dflt, List<FieldError> errors) {
    JsonNode v = b.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      errors.add(new FieldError(field, "must be an integer"));
      return dflt;
    }
    return v.asInt();
  }
}
