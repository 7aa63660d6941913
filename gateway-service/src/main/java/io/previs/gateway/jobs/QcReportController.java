package io.previs.gateway.jobs;

import io.previs.contracts.job.JobEvent.VariantOutput;
import io.previs.gateway.security.Caller;
import io.previs.servicekit.storage.ObjectStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A variant's full QC report (verdict, findings with their frames, per-frame series), served by the
 * gateway itself: the review page plots it from the page's own origin, where a presigned link to
 * object storage would need the store to allow the page's origin.
 */
@RestController
@Tag(name = "jobs")
class QcReportController {

  private final StudioScope scope;
  private final ObjectStore store;

  QcReportController(StudioScope scope, ObjectStore store) {
    this.scope = scope;
    this.store = store;
  }

  @Operation(
      summary = "A variant's QC report: verdict, findings and per-frame series",
      description =
          "The report QC stored (schema previs.qc.report/v1): findings with their first and last"
              + " frames, and per-frame series (ssim, histogramCorrelation, meanAbsDiff, lumaMean,"
              + " flowMagnitude, warpError, flowJitter, faceCount; pair values sit at the later"
              + " frame, entry 0 is null). Numbers and reasons only, so it is readable while the"
              + " variant's pictures are withheld.")
  @ApiResponse(responseCode = "200", description = "The report")
  @ApiResponse(responseCode = "404", description = "No such job, or QC has not reported on it yet")
  @GetMapping(
      path = "/v1/jobs/{jobId}/variants/{variant}/qc",
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<byte[]> report(@PathVariable String jobId, @PathVariable int variant) {
    JobView job = scope.require(Caller.require(), jobId);
    String key =
        job.outputs().stream()
            .filter(o -> o.variant() == variant)
            .map(VariantOutput::reportKey)
            .filter(k -> k != null)
            .findFirst()
            .orElseThrow(
                () ->
                    new ResponseStatusException(
                        HttpStatus.NOT_FOUND,
                        "variant " + variant + " of job " + jobId + " has no QC report yet"));
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(store.get(key));
  }
}
