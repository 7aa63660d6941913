package io.previs.gateway.jobs;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Job reads: one job with its download links, and recent jobs. */
@RestController
@RequestMapping("/v1/jobs")
class JobsController {

  private final JobProjection projection;
  private final Downloads downloads;

  JobsController(JobProjection projection, Downloads downloads) {
    this.projection = projection;
    this.downloads = downloads;
  }

  @Operation(
      summary = "A job's state, progress and (once post-processed) short-lived download links")
  @GetMapping(path = "/{jobId}", produces = MediaType.APPLICATION_JSON_VALUE)
  JobResource get(@PathVariable String jobId) {
    JobView job =
        projection
            .findFresh(jobId)
            .orElseThrow(
                () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no job " + jobId));
    return new JobResource(
        job,
        job.outputs().stream().map(downloads::variant).toList(),
        downloads.artifacts(job.artifacts()),
        downloads.expiresAt());
  }

  @Operation(summary = "Recent jobs, newest first, optionally by studio and status")
  @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
  List<JobView> list(
      @RequestParam(required = false) String studio,
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "50") int limit) {
    JobStatus s = null;
    if (status != null) {
      try {
        s = JobStatus.valueOf(status.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ResponseStatusException(
            HttpStatus.BAD_REQUEST,
            "status: '"
                + status
                + "' is not one of "
                + List.of(JobStatus.values()).toString().toLowerCase(Locale.ROOT));
      }
    }
    if (limit < 1 || limit > 1000) {
      throw new ResponseStatusException(
          HttpStatus.BAD_REQUEST, "limit: " + limit + " is outside 1..1000");
    }
    return projection.list(studio, s, limit);
  }
}
