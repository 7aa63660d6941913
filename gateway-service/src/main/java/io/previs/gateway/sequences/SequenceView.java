package io.previs.gateway.sequences;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A sequence's shots in cut order, each with the take a director chose for it (or none yet).
 *
 * @param fps the cut's rate: the rate most of its chosen takes have (the first take's on a tie);
 *     the editorial timeline and the animatic run at it
 * @param chosen how many shots have a chosen take: the cut, the animatic and the exports hold those
 * @param frames, seconds the cut's length at {@code fps}
 * @param links the editorial exports and the animatic
 */
public record SequenceView(
    String studio,
    String sequence,
    int fps,
    List<ShotView> shots,
    int chosen,
    int frames,
    double seconds,
    Map<String, String> links) {

  /**
   * One shot of the sequence.
   *
   * @param shot its name: the clientJobId its first version was submitted under
   * @param versions every job rendering it, oldest version first (a version's "more like this" jobs
   *     after it)
   * @param chosen the take the cut uses, or null when none is chosen yet
   */
  public record ShotView(String shot, List<VersionRef> versions, ChosenTake chosen) {}

  /** One job of a shot. */
  public record VersionRef(
      int version,
      String jobId,
      String clientJobId,
      io.previs.gateway.jobs.JobStatus status,
      int variants,
      int firstTake) {}

  /**
   * @param take its number within its version, counting over the version's jobs in the order they
   *     were submitted (v001's four takes, then four more like one of them: takes 1 to 8)
   * @param name how editorial sees it: {@code sq010_sh020 v002 take 3}
   * @param fileName the take's file in an editorial package: {@code sq010_sh020_v002_t3.mp4}
   * @param frames, fps, width, height as rendered (the job's spec)
   * @param verdict QC's verdict on the take
   * @param by, note, at who chose it, why and when
   * @param links the take's clip and poster (short-lived), while the caller may download them
   */
  public record ChosenTake(
      String jobId,
      String clientJobId,
      int version,
      int variant,
      int take,
      String name,
      String fileName,
      int frames,
      int fps,
      int width,
      int height,
      String verdict,
      String by,
      String note,
      Instant at,
      Map<String, String> links) {}
}
