package io.previs.gateway.sequences;

import io.previs.editorial.Cmx3600;
import io.previs.editorial.Cmx3600Reader;
import io.previs.editorial.Cut;
import io.previs.editorial.CutClip;
import io.previs.editorial.CutMarker;
import io.previs.editorial.Otio;
import io.previs.editorial.OtioReader;
import io.previs.servicekit.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cut as editorial takes it: an OpenTimelineIO timeline, a CMX 3600 EDL, and both in a zip
 * beside the takes they name. Each file is read back with its format's checker before it leaves: a
 * timeline an NLE would refuse is a server error here, not a surprise in the edit suite.
 */
@Component
class EditorialExports {

  private static final Logger log = LoggerFactory.getLogger(EditorialExports.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** More findings than this on one take are summarised: a timeline of markers is unreadable. */
  static final int MAX_MARKERS_PER_TAKE = 20;

  private final ObjectStore store;

  EditorialExports(ObjectStore store) {
    this.store = store;
  }

  String otio(SequenceView v, List<Sequences.Chosen> chosen) {
    String text = Otio.write(cut(v, chosen));
    List<String> problems = OtioReader.read(text).problems();
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "the OTIO written for " + v.sequence() + " is invalid: " + problems);
    }
    return text;
  }

  String edl(SequenceView v, List<Sequences.Chosen> chosen) {
    String text = Cmx3600.write(cut(v, chosen));
    List<String> problems = Cmx3600Reader.read(text, v.fps()).problems();
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "the EDL written for " + v.sequence() + " is invalid: " + problems);
    }
    return text;
  }

  /** The OTIO, the EDL and every chosen take's MP4, streamed from storage into one zip. */
  void zip(SequenceView v, List<Sequences.Chosen> chosen, OutputStream out) throws IOException {
    String otio = otio(v, chosen);
    String edl = edl(v, chosen);
    try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
      put(zip, v.sequence() + ".otio", otio.getBytes(StandardCharsets.UTF_8));
      put(zip, v.sequence() + ".edl", edl.getBytes(StandardCharsets.UTF_8));
      for (Sequences.Chosen c : chosen) {
        zip.putNextEntry(new ZipEntry(c.take().fileName()));
        try (InputStream in = store.open(c.output().videoKey())) {
          in.transferTo(zip);
        }
        zip.closeEntry();
      }
    }
  }

  private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(data);
    zip.closeEntry();
  }

  Cut cut(SequenceView v, List<Sequences.Chosen> chosen) {
    List<CutClip> clips = new ArrayList<>();
    for (Sequences.Chosen c : chosen) {
      SequenceView.ChosenTake t = c.take();
      Map<String, String> meta = new LinkedHashMap<>();
      meta.put("jobId", t.jobId());
      meta.put("clientJobId", t.clientJobId());
      meta.put("version", Integer.toString(t.version()));
      meta.put("variant", Integer.toString(t.variant()));
      meta.put("take", Integer.toString(t.take()));
      meta.put("seed", Long.toString(c.output().seed()));
      if (t.verdict() != null) {
        meta.put("qcVerdict", t.verdict());
      }
      meta.put("chosenBy", t.by());
      if (t.note() != null) {
        meta.put("note", t.note());
      }
      clips.add(
          new CutClip(
              c.shot().shot(),
              t.name(),
              t.fileName(),
              t.fps(),
              0,
              t.frames(),
              t.frames(),
              meta,
              markers(c)));
    }
    return new Cut(v.sequence(), v.fps(), clips);
  }

  /**
   * QC's findings of warning or worse, where they occur in the take: what an editor should look at
   * before cutting on it. An unreadable report gives no markers, not a failed export.
   */
  private List<CutMarker> markers(Sequences.Chosen c) {
    String key = c.output().reportKey();
    if (key == null) {
      return List.of();
    }
    List<CutMarker> out = new ArrayList<>();
    try {
      JsonNode findings = JSON.readTree(store.get(key)).path("findings");
      for (JsonNode f : findings) {
        String severity = f.path("severity").asString("").toLowerCase(Locale.ROOT);
        if (!severity.equals("warning") && !severity.equals("critical")) {
          continue;
        }
        if (out.size() == MAX_MARKERS_PER_TAKE) {
          break;
        }
        int first = Math.max(0, Math.min(f.path("firstFrame").asInt(0), c.take().frames() - 1));
        int last =
            Math.max(first, Math.min(f.path("lastFrame").asInt(first), c.take().frames() - 1));
        out.add(
            new CutMarker(
                f.path("check").asString("qc"),
                first,
                last - first + 1,
                severity.equals("critical") ? "RED" : "ORANGE",
                f.path("message").asString("")));
      }
    } catch (RuntimeException e) {
      log.warn("QC report {} unreadable for markers: {}", key, e.toString());
      return List.of();
    }
    return List.copyOf(out);
  }
}
