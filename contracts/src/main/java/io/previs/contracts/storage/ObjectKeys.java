package io.previs.contracts.storage;

/**
 * The object-storage layout, one bucket for everything. Job outputs live under the studio's prefix
 * so that per-studio policies, lifecycle rules and quotas can be set on {@code jobs/<studio>/}.
 *
 * <pre>
 * models/&lt;modelId&gt;/manifest.json, *.onnx, *.onnx.data, tokenizer.json   model bundles
 * embeddings/&lt;modelId&gt;/&lt;sha256&gt;.pvem                                   text embeddings (cache)
 * jobs/&lt;studio&gt;/&lt;jobId&gt;/spec.json                                   the accepted job (reproducibility)
 * jobs/&lt;studio&gt;/&lt;jobId&gt;/plan.json                                   encoder's shard plan (marker)
 * jobs/&lt;studio&gt;/&lt;jobId&gt;/shards/&lt;shardId&gt;/&lt;attempt&gt;/frames.mkv        lossless frames (FFV1)
 * jobs/&lt;studio&gt;/&lt;jobId&gt;/shards/&lt;shardId&gt;/rendered.json               render marker (the commit)
 * jobs/&lt;studio&gt;/&lt;jobId&gt;/shards/&lt;shardId&gt;/checkpoints/&lt;attempt&gt;.pvck   sampler checkpoints
 * jobs/&lt;studio&gt;/&lt;jobId&gt;/cancelled.json                                  who cancelled, when
 * jobs/&lt;studio&gt;/&lt;jobId&gt;/variants/&lt;v&gt;/clip.mp4, poster.jpg, ready.json  deliverables
 * jobs/&lt;studio&gt;/&lt;jobId&gt;/variants/&lt;v&gt;/qc/report.json, series.json      QC results
 * jobs/&lt;studio&gt;/&lt;jobId&gt;/variants/&lt;v&gt;/clip_prores.mov                 mezzanine (optional)
 * jobs/&lt;studio&gt;/&lt;jobId&gt;/contact-sheet-shot&lt;s&gt;.jpg                  variants of a shot
 * looks/&lt;studio&gt;/show.cube                                            the studio's show LUT
 * qc-profiles/&lt;studio&gt;.json                                           the studio's QC profile
 * </pre>
 */
public final class ObjectKeys {

  private ObjectKeys() {}

  public static String modelPrefix(String modelId) {
    return "models/" + modelId + "/";
  }

  public static String embedding(String modelId, String sha256) {
    return "embeddings/" + modelId + "/" + sha256 + ".pvem";
  }

  public static String job(String studio, String jobId) {
    return "jobs/" + studio + "/" + jobId + "/";
  }

  /**
   * The accepted {@code JobSpec}, written before any shard is queued: a job can be re-run from it.
   */
  public static String spec(String studio, String jobId) {
    return job(studio, jobId) + "spec.json";
  }

  /** A studio's QC profile: overrides of the QC thresholds for that studio's clips. */
  public static String qcProfile(String studio) {
    return "qc-profiles/" + studio + ".json";
  }

  public static String plan(String studio, String jobId) {
    return job(studio, jobId) + "plan.json";
  }

  public static String shard(String studio, String jobId, String shardId) {
    return job(studio, jobId) + "shards/" + shardId + "/";
  }

  /**
   * One attempt's frames. Every attempt writes under its own name ({@code a<attempt>-<worker>}), so
   * a stale attempt (a worker paused past its lease) can never replace the frames of the attempt
   * that won the shard's commit; which frames are the shard's is said by its rendered marker.
   */
  public static String frames(String studio, String jobId, String shardId, String attempt) {
    return shard(studio, jobId, shardId) + attempt + "/frames.mkv";
  }

  /**
   * The shard's commit: created once, conditionally ({@code If-None-Match: *}); the attempt whose
   * write creates it is the one whose frames count.
   */
  public static String renderedMarker(String studio, String jobId, String shardId) {
    return shard(studio, jobId, shardId) + "rendered.json";
  }

  /** Where a shard's checkpoints are, one per attempt: a resume takes the furthest one. */
  public static String checkpoints(String studio, String jobId, String shardId) {
    return shard(studio, jobId, shardId) + "checkpoints/";
  }

  public static String checkpoint(String studio, String jobId, String shardId, String attempt) {
    return checkpoints(studio, jobId, shardId) + attempt + ".pvck";
  }

  /** A name for one attempt at a shard, unique among the attempts that may be alive at once. */
  public static String attempt(int attempt, String worker) {
    return "a" + attempt + "-" + worker;
  }

  /**
   * Written by the gateway when a job is cancelled, before the scheduler is told: the encoder,
   * post-processing and QC do no further work for a job that has one.
   */
  public static String cancelled(String studio, String jobId) {
    return job(studio, jobId) + "cancelled.json";
  }

  public static String variant(String studio, String jobId, int variant) {
    return job(studio, jobId) + "variants/" + variant + "/";
  }

  public static String video(String studio, String jobId, int variant) {
    return variant(studio, jobId, variant) + "clip.mp4";
  }

  public static String poster(String studio, String jobId, int variant) {
    return variant(studio, jobId, variant) + "poster.jpg";
  }

  public static String readyMarker(String studio, String jobId, int variant) {
    return variant(studio, jobId, variant) + "ready.json";
  }

  public static String qcReport(String studio, String jobId, int variant) {
    return variant(studio, jobId, variant) + "qc/report.json";
  }

  public static String qcSeries(String studio, String jobId, int variant) {
    return variant(studio, jobId, variant) + "qc/series.json";
  }

  /** The grid of every variant of one shot, for picking a take. */
  public static String contactSheet(String studio, String jobId, int shot) {
    return job(studio, jobId) + "contact-sheet-shot" + shot + ".jpg";
  }

  public static String prores(String studio, String jobId, int variant) {
    return variant(studio, jobId, variant) + "clip_prores.mov";
  }

  /** A studio's show LUT, applied to every clip of that studio when present. */
  public static String showLut(String studio) {
    return "looks/" + studio + "/show.cube";
  }

  /** An animatic's folder: its id is a digest of the cut it was assembled from. */
  public static String animatic(String studio, String animaticId) {
    return "animatics/" + studio + "/" + animaticId + "/";
  }

  public static String animaticVideo(String studio, String animaticId) {
    return animatic(studio, animaticId) + "animatic.mp4";
  }

  /** The animatic's {@code AnimaticEvent} (ready or failed): written last, it says it is done. */
  public static String animaticMarker(String studio, String animaticId) {
    return animatic(studio, animaticId) + "animatic.json";
  }
}
