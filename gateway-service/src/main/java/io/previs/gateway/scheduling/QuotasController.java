package io.previs.gateway.scheduling;

import io.previs.contracts.job.JobEvent.FieldError;
import io.previs.contracts.scheduling.StudioQuota;
import io.previs.contracts.topics.Topics;
import io.previs.gateway.audit.AuditLog;
import io.previs.gateway.input.InvalidRequestException;
import io.previs.gateway.input.StrictJson;
import io.previs.gateway.security.Caller;
import io.previs.gateway.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;

/**
 * A studio's quota: its weight in fair share, GPU cap, queued-job limit and daily and monthly
 * GPU-second budgets. Ops set it; a studio may read its own.
 */
@RestController
@Tag(name = "quotas")
class QuotasController {

  static final double MAX_WEIGHT = 1000;
  static final int MAX_GPUS = 100_000;
  static final int MAX_QUEUED = 1_000_000;
  static final double MAX_BUDGET = 1e12;

  private final QuotaStore quotas;
  private final StrictJson json;
  private final AuditLog audit;

  QuotasController(QuotaStore quotas, StrictJson json, AuditLog audit) {
    this.quotas = quotas;
    this.json = json;
    this.audit = audit;
  }

  @Operation(summary = "A studio's quota (ops, or the studio itself)")
  @ApiResponse(responseCode = "200", description = "The quota in force (0: no limit)")
  @ApiResponse(responseCode = "404", description = "Another studio's quota")
  @GetMapping(path = "/v1/studios/{studio}/quota", produces = MediaType.APPLICATION_JSON_VALUE)
  StudioQuota get(@PathVariable String studio) {
    Caller caller = Caller.require();
    if (!caller.sees(studio)) {
      throw new ResponseStatusException(
          org.springframework.http.HttpStatus.NOT_FOUND, "no quota visible for studio " + studio);
    }
    return quotas.quota(studio);
  }

  @Operation(
      summary = "Set a studio's quota (ops)",
      description =
          "Body: weight (0 < w <= 1000, default 1), maxGpus, maxQueuedJobs, dailyGpuSeconds,"
              + " monthlyGpuSeconds (0 or absent: no limit). Applies to the next scheduling"
              + " decision; raising an exhausted budget lets the studio's shards start again.")
  @ApiResponse(responseCode = "200", description = "The quota now in force")
  @ApiResponse(responseCode = "400", description = "Problem details naming each invalid field")
  @PutMapping(
      path = "/v1/studios/{studio}/quota",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  StudioQuota put(@PathVariable String studio, @RequestBody byte[] body, HttpServletRequest http) {
    Caller caller = Caller.require();
    if (!caller.has(Role.OPS)) {
      throw new ResponseStatusException(org.springframework.http.HttpStatus.FORBIDDEN);
    }
    List<FieldError> errors = new ArrayList<>();
    if (!Topics.STUDIO_NAME.matcher(studio).matches()) {
      errors.add(new FieldError("studio", "must match " + Topics.STUDIO_NAME.pattern()));
    }
    JsonNode b = json.parseObject(body);
    for (var name : b.propertyNames()) {
      if (!List.of("weight", "maxGpus", "maxQueuedJobs", "dailyGpuSeconds", "monthlyGpuSeconds")
          .contains(name)) {
        errors.add(new FieldError(name, "is not a quota field"));
      }
    }
    double weight = number(b, "weight", 1, 1e-6, MAX_WEIGHT, errors);
    int maxGpus = (int) number(b, "maxGpus", 0, 0, MAX_GPUS, errors);
    int maxQueued = (int) number(b, "maxQueuedJobs", 0, 0, MAX_QUEUED, errors);
    double daily = number(b, "dailyGpuSeconds", 0, 0, MAX_BUDGET, errors);
    double monthly = number(b, "monthlyGpuSeconds", 0, 0, MAX_BUDGET, errors);
    if (!errors.isEmpty()) {
      audit.http(caller, http, "quota.set", studio, AuditLog.REJECTED, 400, errors.toString());
      throw new InvalidRequestException(null, errors, "Invalid quota");
    }
    StudioQuota q =
        new StudioQuota(
            StudioQuota.SCHEMA_VERSION,
            studio,
            weight,
            maxGpus,
            maxQueued,
            daily,
            monthly,
            caller.name(),
            Instant.now());
    quotas.set(q);
    audit.http(caller, http, "quota.set", studio, AuditLog.ALLOWED, 200, q.toString());
    return q;
  }

  private static double number(
      JsonNode b, String field, double dflt, double min, double max, List<FieldError> errors) {
    JsonNode v = b.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
      errors.add(new FieldError(field, "must be a number"));
      return dflt;
    }
    double d = v.asDouble();
    if (d < min || d > max) {
      errors.add(new FieldError(field, "must be between " + min + " and " + max + ", got " + d));
      return dflt;
    }
    if ((field.startsWith("max")) && d != Math.rint(d)) {
      errors.add(new FieldError(field, "must be a whole number, got " + d));
    }
    return d;
  }
}
