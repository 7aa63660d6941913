package io.previs.gateway.jobs;

import io.previs.contracts.job.JobSpec.ShotSpec;
import io.previs.gateway.GatewayProperties;
import io.previs.gateway.audit.AuditLog;
import io.previs.gateway.security.Caller;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The one place that decides which jobs a caller may see: a studio's callers see their studio's,
 * ops and the platform see all. Every read of a job by id, every list and search, goes through
 * here; nothing else hands a job to the API.
 *
 * <p>A job of another studio is answered exactly as an unknown id is — the same 404, after the same
 * wait for the event log (an unknown id makes this replica catch up before it says no, so a foreign
 * one does too, and both are audited alike: no timing tells them apart) — and the attempt goes to
 * the audit log.
 */
@Component
public class StudioScope {

  /** Newest first, to the millisecond a cursor holds, then by id: a total order pages can split. */
  private static final Comparator<JobView> NEWEST_FIRST =
      Comparator.comparing(
              (JobView j) ->
                  j.submittedAt() == null
                      ? null
                      : j.submittedAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
              Comparator.nullsLast(Comparator.reverseOrder()))
          .thenComparing(JobView::jobId);

  private final JobProjection projection;
  private final AuditLog audit;
  private final GatewayProperties props;

  public StudioScope(JobProjection projection, AuditLog audit, GatewayProperties props) {
    this.projection = projection;
    this.audit = audit;
    this.props = props;
  }

  /** The job, if the caller may see it; else {@link JobNotFoundException}. */
  public JobView require(Caller caller, String jobId) {
    Optional<JobView> job = projection.find(jobId);
    if (job.isPresent() && caller.sees(job.get().studio())) {
      return job.get();
    }
    // Unknown here, or not the caller's: either way wait as for a job accepted a moment ago.
    projection.awaitEventLog(props.readTimeout());
    job = projection.find(jobId);
    if (job.isPresent() && caller.sees(job.get().studio())) {
      return job.get();
    }
    // Both misses are audited, the same way: a probe for ids is worth a security team's eye
    // whether or not it hit another studio's job, and equal work keeps the two answers equal in
    // time as well as in body (only the entry's reason, which the caller never sees, differs).
    var request =
        RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a
            ? a.getRequest()
            : null;
    audit.http(
        caller,
        request,
        request == null ? "read " + jobId : request.getMethod() + " " + request.getRequestURI(),
        jobId,
        AuditLog.DENIED,
        404,
        job.isPresent() ? "job of another studio" : "no such job");
    throw new JobNotFoundException(jobId);
  }

  /** A page of the caller's jobs matching the query, newest first. */
  public JobPage list(Caller caller, JobQuery q) {
    Cursor after = Cursor.parse(q.cursor());
    List<JobView> matching =
        visible(caller, q.studio())
            .filter(j -> q.status() == null || j.status() == q.status())
            .filter(j -> labelsMatch(j, q.labels()))
            .filter(j -> textMatches(j, q.text()))
            .filter(
                j ->
                    q.since() == null
                        || (j.submittedAt() != null && !j.submittedAt().isBefore(q.since())))
            .filter(j -> after == null || after.before(j))
            .sorted(NEWEST_FIRST)
            .limit(q.limit() + 1L)
            .toList();
    boolean more = matching.size() > q.limit();
    List<JobView> page = more ? matching.subList(0, q.limit()) : matching;
    return new JobPage(List.copyOf(page), more ? Cursor.of(page.getLast()) : null);
  }

  /** Every job the caller may see (of one studio, for ops and the platform, when named). */
  public Stream<JobView> visible(Caller caller, String studio) {
    String only = caller.seesAllStudios() ? studio : caller.studio();
    return projection.all().stream()
        .filter(j -> caller.sees(j.studio()))
        .filter(j -> only == null || only.equals(j.studio()));
  }

  /** The studio an ops caller may narrow to; refuses the parameter for everyone else. */
  public static String studioFilter(Caller caller, String studio) {
    if (studio != null && !caller.seesAllStudios() && !studio.equals(caller.studio())) {
      throw new IllegalArgumentException(
          "studio: only ops may name a studio; yours is " + caller.studio());
    }
    return studio;
  }

  private static boolean labelsMatch(JobView j, Map<String, String> labels) {
    if (labels == null || labels.isEmpty()) {
      return true;
    }
    Map<String, String> have = j.spec() == null ? Map.of() : j.spec().labels();
    return labels.entrySet().stream().allMatch(e -> e.getValue().equals(have.get(e.getKey())));
  }

  private static boolean textMatches(JobView j, String text) {
    if (text == null || text.isBlank()) {
      return true;
    }
    String needle = text.toLowerCase(Locale.ROOT);
    if (j.clientJobId() != null && j.clientJobId().toLowerCase(Locale.ROOT).contains(needle)) {
      return true;
    }
    return j.spec() != null
        && j.spec().shots().stream()
            .map(ShotSpec::prompt)
            .anyMatch(p -> p != null && p.toLowerCase(Locale.ROOT).contains(needle));
  }

  /** Where a page ended: (submittedAt, jobId), opaque to clients. */
  private record Cursor(Instant submittedAt, String jobId) {
    static String of(JobView last) {
      String raw = last.submittedAt().toEpochMilli() + ":" + last.jobId();
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor parse(String cursor) {
      if (cursor == null || cursor.isBlank()) {
        return null;
      }
      try {
        String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        int colon = raw.indexOf(':');
        return new Cursor(
            Instant.ofEpochMilli(Long.parseLong(raw.substring(0, colon))),
            raw.substring(colon + 1));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("cursor: not a cursor this API handed out");
      }
    }

    /** Whether a job comes after this cursor in newest-first order. */
    boolean before(JobView j) {
      if (j.submittedAt() == null) {
        return true;
      }
      int c =
          j.submittedAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).compareTo(submittedAt);
      return c < 0 || (c == 0 && j.jobId().compareTo(jobId) > 0);
    }
  }
}
