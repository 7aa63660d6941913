package io.previs.postprocess.assembly;

import io.previs.contracts.job.JobEvent;
import io.previs.contracts.job.JobEventType;
import io.previs.contracts.job.JobIds;
import io.previs.contracts.job.Stage;
import io.previs.contracts.json.PrevisJson;
import io.previs.contracts.shard.ShardRendered;
import io.previs.contracts.storage.ObjectKeys;
import io.previs.contracts.video.VideoReady;
import io.previs.media.encode.ImageWriter;
import io.previs.media.frames.ShardInput;
import io.previs.media.sheet.ContactSheet;
import io.previs.media.sheet.SheetLayout;
import io.previs.postprocess.PostprocessProperties;
import io.previs.servicekit.kafka.EventPublisher;
import io.previs.servicekit.storage.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Once every variant of a job is assembled, one contact sheet per shot: a grid of representative
 * frames of each variant, labelled with variant and seed, so a director picks a take at a glance.
 */
@Component
class ContactSheets {

  private final ObjectStore store;
  private final EventPublisher publisher;
  private final PostprocessProperties props;

  ContactSheets(ObjectStore store, EventPublisher publisher, PostprocessProperties props) {
    this.store = store;
    this.publisher = publisher;
    this.props = props;
  }

  void maybeMake(ShardRendered r, String correlationId) throws Exception {
    if (!props.contactSheet() || r.variantCount() < 2) {
      return;
    }
    List<Long> seeds = new ArrayList<>();
    for (int v = 0; v < r.variantCount(); v++) {
      String ready = ObjectKeys.readyMarker(r.studio(), r.jobId(), v);
      if (!store.exists(ready)) {
        return; // the last variant to finish makes the sheets
      }
      seeds.add(PrevisJson.mapper().readValue(store.get(ready), VideoReady.class).seed());
    }
    Map<String, String> artifacts = new TreeMap<>();
    Path dir = Files.createDirectories(props.workDir().resolve(r.jobId() + "-sheets"));
    try {
      for (int shot = 0; shot < r.shotCount(); shot++) {
        List<ShardInput> variants = new ArrayList<>();
        for (int v = 0; v < r.variantCount(); v++) {
          // Which attempt's frames are the shard's is said by its marker, the shard's commit.
          String marker =
              ObjectKeys.renderedMarker(r.studio(), r.jobId(), JobIds.shardId(r.jobId(), shot, v));
          String key =
              PrevisJson.mapper().readValue(store.get(marker), ShardRendered.class).framesKey();
          variants.add(ShardInput.stream(key, () -> store.open(key)));
        }
        var sheet =
            ContactSheet.fromShards(
                variants, seeds, SheetLayout.DEFAULT.withTitle(r.jobId() + " shot " + shot));
        Path file = dir.resolve("shot" + shot + ".jpg");
        ImageWriter.write(sheet, file, 90, "previs " + r.jobId() + " shot " + shot);
        String key = ObjectKeys.contactSheet(r.studio(), r.jobId(), shot);
        store.putFile(key, file, "image/jpeg");
        artifacts.put("contactSheet.shot" + shot, key);
      }
    } finally {
      org.springframework.util.FileSystemUtils.deleteRecursively(dir);
    }
    JobEvent e =
        JobEvent.of(JobEventType.STAGE_COMPLETED, r.jobId(), r.studio(), Instant.now())
            .withStage(Stage.POSTPROCESS)
            .withArtifacts(artifacts)
            .withReason(
                "contact sheets of "
                    + r.variantCount()
                    + " variants for "
                    + r.shotCount()
                    + " shot(s)");
    publisher.publishJobEvent(e, correlationId);
  }
}
