package io.previs.gateway.sequences;

import io.previs.contracts.job.JobEvent.VariantOutput;
import io.previs.gateway.jobs.Downloads;
import io.previs.gateway.jobs.JobView;
import io.previs.gateway.jobs.StudioScope;
import io.previs.gateway.security.Caller;
import io.previs.gateway.sequences.SequenceView.ChosenTake;
import io.previs.gateway.sequences.SequenceView.ShotView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * A studio's sequences as the caller may see them: the cut of each, with links to the chosen takes
 * the caller may download, and the chosen takes' files for the animatic and the exports.
 */
@Component
class Sequences {

  /** What a sequence label must look like to name a sequence (it goes into paths and files). */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final StudioScope scope;
  private final Downloads downloads;

  Sequences(StudioScope scope, Downloads downloads) {
    this.scope = scope;
    this.downloads = downloads;
  }

  /** One chosen take and the job it is of, for what is made from the cut. */
  record Chosen(ShotView shot, ChosenTake take, JobView job, VariantOutput output) {}

  /**
   * The studio the caller's sequences are in: their own; ops name one.
   *
   * @throws IllegalArgumentException naming the {@code studio} parameter
   */
  static String studio(Caller caller, String studio) {
    String s = StudioScope.studioFilter(caller, studio);
    if (s == null && caller.studio() == null) {
      throw new IllegalArgumentException(
          "studio: is required for a caller of no studio (ops): sequences are a studio's");
    }
    return s != null ? s : caller.studio();
  }

  /** Every sequence of the studio's jobs, without links: what a list of them shows. */
  List<SequenceView> cuts(Caller caller, String studio) {
    List<JobView> jobs = jobs(caller, studio);
    return SequenceCut.names(jobs).stream().map(n -> SequenceCut.of(studio, n, jobs)).toList();
  }

  /**
   * @throws ResponseStatusException 404 when no job the caller sees is in the sequence
   */
  SequenceView view(Caller caller, String studio, String sequence) {
    SequenceView v = SequenceCut.of(studio, sequence, jobs(caller, studio));
    if (v == null) {
      throw new ResponseStatusException(
          HttpStatus.NOT_FOUND,
          "no job of studio "
              + studio
              + " is labelled sequence="
              + sequence
              + " (the sequence label puts a job's shot in a sequence)");
    }
    List<ShotView> shots = new ArrayList<>();
    for (ShotView s : v.shots()) {
      ChosenTake c = s.chosen();
      if (c != null) {
        c = withLinks(c, job(caller, c.jobId()), caller);
      }
      shots.add(new ShotView(s.shot(), s.versions(), c));
    }
    String base = "/v1/sequences/" + sequence;
    String q = caller.studio() == null ? "?studio=" + studio : "";
    Map<String, String> links = new LinkedHashMap<>();
    links.put("self", base + q);
    links.put("otio", base + "/editorial.otio" + q);
    links.put("edl", base + "/editorial.edl" + q);
    links.put("package", base + "/editorial.zip" + q);
    links.put("animatic", base + "/animatic" + q);
    return new SequenceView(
        v.studio(),
        v.sequence(),
        v.fps(),
        List.copyOf(shots),
        v.chosen(),
        v.frames(),
        v.seconds(),
        Map.copyOf(links));
  }

  /**
   * The chosen takes in cut order, each one the caller may download.
   *
   * @throws IllegalStateException naming the first shot with a take withheld from the caller
   */
  List<Chosen> chosen(Caller caller, SequenceView v) {
    List<Chosen> out = new ArrayList<>();
    for (ShotView s : v.shots()) {
      ChosenTake c = s.chosen();
      if (c == null) {
        continue;
      }
      JobView job = job(caller, c.jobId());
      String withheld = Downloads.withheld(job, c.variant(), caller);
      if (withheld != null) {
        throw new IllegalStateException("shot " + s.shot() + ": " + withheld);
      }
      VariantOutput o =
          job.outputs().stream()
              .filter(x -> x.variant() == c.variant() && x.videoKey() != null)
              .findFirst()
              .orElseThrow();
      out.add(new Chosen(s, c, job, o));
    }
    return out;
  }

  private ChosenTake withLinks(ChosenTake c, JobView job, Caller caller) {
    Map<String, String> links = new LinkedHashMap<>();
    links.put("job", "/v1/jobs/" + c.jobId());
    links.put("qc", "/v1/jobs/" + c.jobId() + "/variants/" + c.variant() + "/qc");
    if (Downloads.withheld(job, c.variant(), caller) == null) {
      job.outputs().stream()
          .filter(o -> o.variant() == c.variant())
          .findFirst()
          .ifPresent(
              o -> {
                links.put("video", downloads.link(o.videoKey()));
                if (o.posterKey() != null) {
                  links.put("poster", downloads.link(o.posterKey()));
                }
              });
    }
    return new ChosenTake(
        c.jobId(),
        c.clientJobId(),
        c.version(),
        c.variant(),
        c.take(),
        c.name(),
        c.fileName(),
        c.frames(),
        c.fps(),
        c.width(),
        c.height(),
        c.verdict(),
        c.by(),
        c.note(),
        c.at(),
        Map.copyOf(links));
  }

  private JobView job(Caller caller, String jobId) {
    return scope.require(caller, jobId);
  }

  private List<JobView> jobs(Caller caller, String studio) {
    return scope.visible(caller, studio).toList();
  }
}
