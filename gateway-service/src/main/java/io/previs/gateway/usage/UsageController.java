package io.previs.gateway.usage;

import io.previs.gateway.jobs.JobView;
import io.previs.gateway.jobs.JobView.ShardView;
import io.previs.gateway.jobs.StudioScope;
import io.previs.gateway.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * GPU-seconds per studio per day, the unit a farm bills in: a studio's callers see their studio's,
 * ops all (or one, with {@code studio=}). The same numbers as the jobs' own {@code usage}, summed.
 */
@RestController
@Tag(name = "usage")
class UsageController {

  static final int MAX_DAYS = 366;

  private final StudioScope scope;

  UsageController(StudioScope scope) {
    this.scope = scope;
  }

  @Operation(
      summary = "GPU-seconds per studio, day, model and pool (JSON, or CSV with format=csv)",
      description =
          "Days are UTC, by when each shard finished rendering; from and to are inclusive"
              + " (default: the last 31 days), at most 366 days apart.")
  @GetMapping(
      path = "/v1/usage",
      produces = {MediaType.APPLICATION_JSON_VALUE, "text/csv"})
  ResponseEntity<?> usage(
      @Parameter(description = "first day, YYYY-MM-DD") @RequestParam(required = false) String from,
      @Parameter(description = "last day, YYYY-MM-DD") @RequestParam(required = false) String to,
      @Parameter(description = "ops only: one studio") @RequestParam(required = false)
          String studio,
      @Parameter(description = "csv for a spreadsheet") @RequestParam(required = false)
          String format,
      @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
    Caller caller = Caller.require();
    LocalDate last = day("to", to, LocalDate.now(ZoneOffset.UTC));
    LocalDate first = day("from", from, last.minusDays(30));
    if (first.isAfter(last)) {
      throw bad("from: " + first + " is after to: " + last);
    }
    if (ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
      throw bad("from..to spans more than " + MAX_DAYS + " days");
    }
    String only;
    try {
      only = StudioScope.studioFilter(caller, studio);
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
    List<UsageRow> rows = rows(scope.visible(caller, only).toList(), first, last);
    boolean csv =
        "csv".equalsIgnoreCase(format)
            || (format == null
                && accept != null
                && accept.toLowerCase(Locale.ROOT).startsWith("text/csv"));
    if (format != null && !csv && !"json".equalsIgnoreCase(format)) {
      throw bad("format: '" + format + "' is not json or csv");
    }
    if (csv) {
      return ResponseEntity.ok()
          .contentType(MediaType.parseMediaType("text/csv"))
          .header(
              HttpHeaders.CONTENT_DISPOSITION,
              "attachment; filename=\"previs-usage-" + first + "-" + last + ".csv\"")
          .body(csv(rows));
    }
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(rows);
  }

  static List<UsageRow> rows(List<JobView> jobs, LocalDate first, LocalDate last) {
    record Key(LocalDate day, String studio, String model, String pool) {}
    Map<Key, double[]> sums =
        new TreeMap<>(
            Comparator.comparing(Key::day)
                .thenComparing(Key::studio)
                .thenComparing(Key::model)
                .thenComparing(Key::pool));
    for (JobView job : jobs) {
      for (ShardView s : job.shards().values()) {
        if (s.usage() == null || s.renderedAt() == null) {
          continue;
        }
        LocalDate day = s.renderedAt().atZone(ZoneOffset.UTC).toLocalDate();
        if (day.isBefore(first) || day.isAfter(last)) {
          continue;
        }
        String model = s.usage().modelId() == null ? "" : s.usage().modelId();
        String pool = s.usage().pool() == null ? "" : s.usage().pool();
        double[] sum =
            sums.computeIfAbsent(new Key(day, job.studio(), model, pool), k -> new double[2]);
        sum[0]++;
        sum[1] += s.usage().deviceSeconds();
      }
    }
    List<UsageRow> rows = new ArrayList<>();
    sums.forEach(
        (k, v) ->
            rows.add(new UsageRow(k.day(), k.studio(), k.model(), k.pool(), (int) v[0], v[1])));
    return rows;
  }

  static String csv(List<UsageRow> rows) {
    StringBuilder b = new StringBuilder("day,studio,model,pool,shards,gpu_seconds\n");
    for (UsageRow r : rows) {
      b.append(r.day())
          .append(',')
          .append(r.studio())
          .append(',')
          .append(r.model())
          .append(',')
          .append(r.pool())
          .append(',')
          .append(r.shards())
          .append(',')
          .append(String.format(Locale.ROOT, "%.3f", r.deviceSeconds()))
          .append('\n');
    }
    return b.toString();
  }

  private static LocalDate day(String field, String value, LocalDate otherwise) {
    if (value == null || value.isBlank()) {
      return otherwise;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw bad(field + ": '" + value + "' is not a date (YYYY-MM-DD)");
    }
  }

  private static ResponseStatusException bad(String message) {
    return new ResponseStatusException(HttpStatus.BAD_REQUEST, message);
  }
}
