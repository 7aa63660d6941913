package io.previs.launcher.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded stack's API keys: one per local studio ({@code <data dir>/api-key} for the first,
 * {@code keys/<studio>.key} for each) and one ops key ({@code ops-key}), made once per data
 * directory and kept there (owner-readable only), so a script can {@code cat} them and they stay
 * the same from one {@code ./previs up} to the next. The gateway is given them as seed keys.
 */
public final class LocalKeys {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A key and the file it is kept in. */
  public record Key(String studio, String name, List<String> roles, String key, Path file) {
    String id() {
      return key.substring(4, 16);
    }

    String secret() {
      return key.substring(17);
    }
  }

  private LocalKeys() {}

  /** The studios' keys (submitter and reviewer) and the ops key, read or made. */
  public static Map<String, Key> ensure(Path dataDir, List<String> studios) {
    Map<String, Key> keys = new LinkedHashMap<>();
    for (int i = 0; i < studios.size(); i++) {
      String studio = studios.get(i);
      Path file = i == 0 ? dataDir.resolve("api-key") : dataDir.resolve("keys/" + studio + ".key");
      keys.put(
          studio,
          new Key(studio, studio + "-local", List.of("submitter", "reviewer"), read(file), file));
    }
    Path ops = dataDir.resolve("ops-key");
    keys.put("ops", new Key(null, "local-ops", List.of("ops"), read(ops), ops));
    return keys;
  }

  /** As gateway properties: {@code previs.security.seed-keys[i].*}. */
  static Map<String, String> seedProperties(Map<String, Key> keys) {
    Map<String, String> p = new LinkedHashMap<>();
    int i = 0;
    for (Key k : keys.values()) {
      String prefix = "previs.security.seed-keys[" + i++ + "].";
      p.put(prefix + "id", k.id());
      p.put(prefix + "secret", k.secret());
      p.put(prefix + "name", k.name());
      p.put(prefix + "roles", String.join(",", k.roles()));
      if (k.studio() != null) {
        p.put(prefix + "studio", k.studio());
      }
    }
    return p;
  }

  private static String read(Path file) {
    try {
      if (Files.isRegularFile(file)) {
        String key = Files.readString(file).strip();
        if (key.matches("pvk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")) {
          return key;
        }
      }
      byte[] id = new byte[6];
      byte[] secret = new byte[32];
      RANDOM.nextBytes(id);
      RANDOM.nextBytes(secret);
      String key =
          "pvk_"
              + HexFormat.of().formatHex(id)
              + "_"
              + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, key + "\n");
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the data directory's own permissions apply
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or make the local API key " + file, e);
    }
  }
}
