package io.previs.qc.likeness;

import io.micrometer.core.instrument.MeterRegistry;
import io.previs.qccore.face.ProtectedGallery;
import io.previs.servicekit.storage.ObjectStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The protected gallery a studio's clips are checked against: the faces ops register for everyone,
 * {@code policy/faces/<person>/<image>}, plus those the studio registers for its own talent, {@code
 * policy/studios/<studio>/faces/<person>/<image>} (PNG or JPEG, one face each). Read at every clip
 * by listing the two prefixes (keys and ETags, no bytes): an image added, replaced or removed
 * counts from the next clip, without a restart. Images are fetched once per ETag, and a gallery is
 * learned once per set of images.
 */
@Component
public class ProtectedFaces {

  private static final Logger log = LoggerFactory.getLogger(ProtectedFaces.class);

  static final String OPS = "policy/faces/";

  static String studioPrefix(String studio) {
    return "policy/studios/" + studio + "/faces/";
  }

  private final ObjectStore store;
  private final LikenessProperties props;
  private final MeterRegistry registry;

  /** Image bytes by key and ETag. */
  private final Map<String, byte[]> images = new ConcurrentHashMap<>();

  /** Learned galleries by the set of images they were learned from (a few, most recent kept). */
  private final Map<SortedMap<String, String>, ProtectedGallery> galleries =
      java.util.Collections.synchronizedMap(
          new LinkedHashMap<>(8, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(
                Map.Entry<SortedMap<String, String>, ProtectedGallery> e) {
              return size() > 16; // not closed: a clip being checked may still hold it (GC frees)
            }
          });

  /** Faces in the gallery learned last (any studio's). */
  private final java.util.concurrent.atomic.AtomicInteger faces =
      new java.util.concurrent.atomic.AtomicInteger();

  public ProtectedFaces(ObjectStore store, LikenessProperties props, MeterRegistry registry) {
    this.store = store;
    this.props = props;
    this.registry = registry;
    registry.gauge("previs.likeness.gallery.faces", faces);
  }

  /** The gallery for a studio's clips; empty when the check is off or nobody is registered. */
  public ProtectedGallery forStudio(String studio) {
    if (!props.enabled()) {
      return ProtectedGallery.empty();
    }
    SortedMap<String, String> keys = new TreeMap<>(store.listVersions(OPS));
    keys.putAll(store.listVersions(studioPrefix(studio)));
    if (keys.isEmpty()) {
      return ProtectedGallery.empty();
    }
    ProtectedGallery g = galleries.get(keys);
    if (g == null) {
      g = learn(studio, keys);
      galleries.put(keys, g);
    }
    return g;
  }

  private ProtectedGallery learn(String studio, SortedMap<String, String> keys) {
    List<ProtectedGallery.Image> list = new ArrayList<>();
    keys.forEach(
        (key, etag) -> {
          String person = person(key);
          if (person != null) {
            byte[] bytes = images.computeIfAbsent(key + "@" + etag, k -> store.get(key));
            list.add(new ProtectedGallery.Image(person, key, bytes));
          }
        });
    ProtectedGallery g = ProtectedGallery.build(list, props.threshold());
    for (ProtectedGallery.Rejected r : g.rejected()) {
      log.warn("Protected face {} is not used: {}", r.source(), r.reason());
      registry.counter("previs.likeness.gallery.rejected").increment();
    }
    faces.set(g.faces());
    // an image replaced under its key: its old bytes are not needed again
    images
        .keySet()
        .removeIf(
            k -> {
              String key = k.substring(0, k.lastIndexOf('@'));
              return keys.containsKey(key) && !k.equals(key + "@" + keys.get(key));
            });
    log.info(
        "Protected gallery {} for studio {}: {} faces of {} people, {} images rejected",
        g.version(),
        studio,
        g.faces(),
        g.people().size(),
        g.rejected().size());
    return g;
  }

  /** The person a key names ({@code …/faces/<person>/<image>}), or null for a stray key. */
  static String person(String key) {
    int at = key.indexOf("/faces/");
    if (at < 0) {
      return null;
    }
    String[] rest = key.substring(at + "/faces/".length()).split("/");
    return rest.length == 2 && !rest[0].isBlank() && !rest[1].isBlank() ? rest[0] : null;
  }
}
