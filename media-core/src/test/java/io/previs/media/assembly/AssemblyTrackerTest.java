package io.previs.media.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AssemblyTrackerTest {

  private static ShardRendered shard(String job, int variant, int shot, int shots) {
    return new ShardRendered(
        job,
        variant,
        shot,
        shots,
        job + "-v" + variant + "-s" + shot,
        "s3://shards/" + job + "/" + variant + "/" + shot + "/frames.mkv");
  }

  @Test
  void reorderedAndDuplicatedShardsCompleteOnceInShotOrder() {
    // given
    AssemblyTracker tracker = new AssemblyTracker();

    // when: shot 2, shot 0, shot 2 again, shot 1, shot 0 again
    Offer a = tracker.offer(shard("job-1", 0, 2, 3));
    Offer b = tracker.offer(shard("job-1", 0, 0, 3));
    Offer c = tracker.offer(shard("job-1", 0, 2, 3));
    Offer d = tracker.offer(shard("job-1", 0, 1, 3));
    Offer e = tracker.offer(shard("job-1", 0, 0, 3));

    // then
    assertThat(a).isEqualTo(new Offer.Pending(new AssemblyKey("job-1", 0), 1, 3));
    assertThat(b).isEqualTo(new Offer.Pending(new AssemblyKey("job-1", 0), 2, 3));
    assertThat(c)
        .isInstanceOfSatisfying(
            Offer.Ignored.class, i -> assertThat(i.reason()).isEqualTo(Offer.Reason.DUPLICATE));
    assertThat(d)
        .isInstanceOfSatisfying(
            Offer.Complete.class,
            done ->
                assertThat(done.assembly().shards())
                    .extracting(ShardRendered::shotIndex)
                    .containsExactly(0, 1, 2));
    assertThat(e)
        .isInstanceOfSatisfying(
            Offer.Ignored.class,
            i -> assertThat(i.reason()).isEqualTo(Offer.Reason.ALREADY_ASSEMBLED));
    assertThat(tracker.pendingKeys()).isEmpty();
  }

  @Test
  void variantsAreAssembledSeparately() {
    AssemblyTracker tracker = new AssemblyTracker();
    assertThat(tracker.offer(shard("job-2", 1, 0, 1))).isInstanceOf(Offer.Complete.class);
    assertThat(tracker.offer(shard("job-2", 0, 0, 2))).isInstanceOf(Offer.Pending.class);
    assertThat(tracker.assembledVariants("job-2")).containsExactly(1);
  }

  @Test
  void aRetriedRenderOfAShotKeepsTheFirstShard() {
    AssemblyTracker tracker = new AssemblyTracker();
    tracker.offer(shard("job-3", 0, 0, 2));
    ShardRendered retry =
        new ShardRendered("job-3", 0, 0, 2, "retry-7", "s3://shards/job-3/retry/frames.mkv");

    Offer o = tracker.offer(retry);
    Offer done = tracker.offer(shard("job-3", 0, 1, 2));

    assertThat(o)
        .isInstanceOfSatisfying(
            Offer.Ignored.class,
            i -> {
              assertThat(i.reason()).isEqualTo(Offer.Reason.CONFLICTING_SHARD);
              assertThat(i.detail()).contains("job-3-v0-s0").contains("retry-7");
            });
    assertThat(((Offer.Complete) done).assembly().shards().get(0).shardId())
        .isEqualTo("job-3-v0-s0");
  }

  @Test
  void contradictoryShotCountsAndBadFieldsAreRefused() {
    AssemblyTracker tracker = new AssemblyTracker();
    tracker.offer(shard("job-4", 0, 0, 3));
    assertThatThrownBy(() -> tracker.offer(shard("job-4", 0, 1, 4)))
        .isInstanceOf(ShardConflictException.class)
        .hasMessageContaining("shotCount 4")
        .hasMessageContaining("earlier shards said 3");
    assertThatThrownBy(() -> shard("job-4", 0, 3, 3))
        .hasMessageContaining("shard.shotIndex 3 is out of range 0..2");
    assertThatThrownBy(() -> shard("job-4", -1, 0, 3))
        .hasMessageContaining("shard.variant -1 is out of range");
    assertThatThrownBy(() -> new ShardRendered(" ", 0, 0, 1, "s", "l"))
        .hasMessageContaining("shard.jobId is required");
  }

  @Test
  void anyOrderWithDuplicatesAndRestartsCompletesEachKeyExactlyOnce() {
    Random rnd = new Random(2026);
    for (int round = 0; round < 20; round++) {
      // given: jobs of 1..3 variants and 1..6 shots, every notice delivered 1..3 times, shuffled
      List<ShardRendered> events = new ArrayList<>();
      Map<AssemblyKey, Integer> shotsPerKey = new HashMap<>();
      for (int j = 0; j < 12; j++) {
        int variants = 1 + rnd.nextInt(3);
        int shots = 1 + rnd.nextInt(6);
        for (int v = 0; v < variants; v++) {
          shotsPerKey.put(new AssemblyKey("job-" + j, v), shots);
          for (int s = 0; s < shots; s++) {
            int copies = 1 + rnd.nextInt(3);
            for (int c = 0; c < copies; c++) {
              events.add(shard("job-" + j, v, s, shots));
            }
          }
        }
      }
      Collections.shuffle(events, rnd);

      // when: the tracker is persisted and restored (a restart) at random points
      AssemblyTracker tracker = new AssemblyTracker();
      Map<AssemblyKey, Integer> completions = new HashMap<>();
      for (ShardRendered e : events) {
        if (rnd.nextInt(10) == 0) {
          tracker = AssemblyTracker.fromJson(tracker.toJson());
        }
        if (tracker.offer(e) instanceof Offer.Complete done) {
          completions.merge(done.key(), 1, Integer::sum);
          assertThat(done.assembly().shards())
              .extracting(ShardRendered::shotIndex)
              .isSorted()
              .hasSize(shotsPerKey.get(done.key()));
        }
      }

      // then
      assertThat(completions.keySet()).isEqualTo(shotsPerKey.keySet());
      assertThat(completions.values()).containsOnly(1);
    }
  }

  @Test
  void jsonSnapshotRoundTripsAndRefusesOtherFormats() {
    AssemblyTracker tracker = new AssemblyTracker();
    tracker.offer(shard("job-5", 0, 1, 3));
    tracker.offer(shard("job-6", 0, 0, 1));

    String json = tracker.toJson();
    AssemblyTracker back = AssemblyTracker.fromJson(json);

    assertThat(back.snapshot()).isEqualTo(tracker.snapshot());
    assertThat(back.isAssembled(new AssemblyKey("job-6", 0))).isTrue();
    assertThat(json).contains("\"format\":1").contains("s3://shards/job-5/0/1/frames.mkv");
    assertThatThrownBy(() -> AssemblyTracker.fromJson(json.replace("\"format\":1", "\"format\":2")))
        .hasMessageContaining("format 2 is not supported");
    assertThatThrownBy(
            () ->
                AssemblyTracker.fromJson(
                    "{\"format\":1,\"pending\":[{\"key\":"
                        + "{\"jobId\":\"j\",\"variant\":0},\"shotCount\":2,\"shards\":[{\"jobId\":\"j\","
                        + "\"variant\":0,\"shotIndex\":5,\"shotCount\":2,\"shardId\":\"s\","
                        + "\"framesLocation\":\"l\"}]}]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shard.shotIndex 5");
  }

  @Test
  void forgetDropsAJob() {
    AssemblyTracker tracker = new AssemblyTracker();
    tracker.offer(shard("job-7", 0, 0, 1));
    tracker.offer(shard("job-7", 1, 0, 2));
    tracker.forget("job-7");
    assertThat(tracker.pendingKeys()).isEmpty();
    assertThat(tracker.isAssembled(new AssemblyKey("job-7", 0))).isFalse();
  }
}
