package io.previs.gateway.jobs;

import io.previs.gateway.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Job reads: one job with its download links, a file of it, and a search over the caller's. */
@RestController
@Tag(name = "jobs")
@RequestMapping("/v1/jobs")
class JobsController {

  static final int MAX_LIMIT = 1000;

  private final StudioScope scope;
  private final Downloads downloads;

  JobsController(StudioScope scope, Downloads downloads) {
    this.scope = scope;
    this.downloads = downloads;
  }

  @Operation(
      summary = "A job's state, progress, GPU-seconds and (once post-processed) short-lived links")
  @GetMapping(path = "/{jobId}", produces = MediaType.APPLICATION_JSON_VALUE)
  JobResource get(@PathVariable String jobId) {
    Caller caller = Caller.require();
    JobView job = scope.require(caller, jobId);
    return new JobResource(
        job,
        job.outputs().stream().map(o -> downloads.variant(job, o, caller)).toList(),
        downloads.artifacts(job, caller),
        downloads.expiresAt());
  }

  @Operation(
      summary = "Redirect to a short-lived link for one file of a job",
      description =
          "name: v<variant>/clip.mp4, v<variant>/poster.jpg, v<variant>/qc-report.json, or an"
              + " artifact name (contactSheet.shot0 …). A stable URL for scripts: each call mints a"
              + " fresh presigned link (valid previs.storage.presign-expiry, at most 15 minutes).")
  @GetMapping(path = "/{jobId}/files/{*name}")
  ResponseEntity<Void> file(@PathVariable String jobId, @PathVariable String name) {
    Caller caller = Caller.require();
    JobView job = scope.require(caller, jobId);
    String link = downloads.file(job, name.startsWith("/") ? name.substring(1) : name, caller);
    if (link == null) {
      throw new ResponseStatusException(
          HttpStatus.NOT_FOUND, "job " + jobId + " has no file " + name);
    }
    return ResponseEntity.status(HttpStatus.FOUND).header("Location", link).build();
  }

  @Operation(
      summary = "The caller's jobs, newest first, by status, label and text, a page at a time")
  @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
  JobPage list(
      @Parameter(description = "ops only: one studio") @RequestParam(required = false)
          String studio,
      @RequestParam(required = false) String status,
      @Parameter(description = "key:value, repeatable; every one must match")
          @RequestParam(required = false)
          List<String> label,
      @Parameter(description = "case-insensitive text in the client job id or a prompt")
          @RequestParam(required = false)
          String q,
      @Parameter(
              description =
                  "jobs submitted on or after this day (2026-12-01, UTC) or instant"
                      + " (2026-12-01T09:00:00Z)")
          @RequestParam(required = false)
          String since,
      @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false)
          String cursor,
      @RequestParam(defaultValue = "50") int limit) {
    Caller caller = Caller.require();
    JobStatus s = null;
    if (status != null) {
      try {
        s = JobStatus.valueOf(status.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw bad(
            "status: '"
                + status
                + "' is not one of "
                + List.of(JobStatus.values()).toString().toLowerCase(Locale.ROOT));
      }
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw bad("limit: " + limit + " is outside 1.." + MAX_LIMIT);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (String l : label == null ? List.<String>of() : label) {
      int colon = l.indexOf(':');
      if (colon < 1) {
        throw bad("label: '" + l + "' must be key:value");
      }
      labels.put(l.substring(0, colon), l.substring(colon + 1));
    }
    if (q != null && q.length() > 200) {
      throw bad("q: " + q.length() + " characters exceed the limit of 200");
    }
    java.time.Instant from = null;
    if (since != null) {
      try {
        from =
            since.length() == 10
                ? java.time.LocalDate.parse(since)
                    .atStartOfDay(java.time.ZoneOffset.UTC)
                    .toInstant()
                : java.time.Instant.parse(since);
      } catch (java.time.format.DateTimeParseException e) {
        throw bad(
            "since: '"
                + since
                + "' is neither a day (2026-12-01) nor an instant (2026-12-01T09:00:00Z)");
      }
    }
    try {
      return scope.list(
          caller,
          new JobQuery(
              StudioScope.studioFilter(caller, studio), s, labels, q, from, cursor, limit));
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
  }

  private static ResponseStatusException bad(String message) {
    return new ResponseStatusException(HttpStatus.BAD_REQUEST, message);
  }
}
