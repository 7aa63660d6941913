package io.previs.servicekit.storage;

import io.minio.BucketExistsArgs;
import io.minio.DownloadObjectArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one way services touch object storage: a thin, exception-translating wrapper over the MinIO
 * client bound to the Previs bucket. Uploads of files go through multipart automatically, so
 * multi-gigabyte model weights and frame files never sit in memory.
 *
 * <p>Storage that does not answer (connection refused or reset, a timeout, a 5xx) is waited out:
 * every call retries with exponential back-off (100 ms doubling to 5 s, with jitter) for up to
 * {@code outage-tolerance}, so a restart or failover of the S3 server pauses work instead of
 * failing jobs; after {@code waiting-after} the {@link StorageOutageListener} is told, on the
 * waiting thread. Answers that are answers (no such key, access denied, a failed precondition) are
 * never retried. Health checks and start-up do not wait.
 */
public final class ObjectStore {

  private static final long FIRST_BACKOFF_MILLIS = 100;
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  private final MinioClient client;
  private final StorageProperties props;
  private final StorageOutageListener outages;
  private final java.util.concurrent.atomic.AtomicInteger waiting =
      new java.util.concurrent.atomic.AtomicInteger();

  public ObjectStore(MinioClient client, StorageProperties props) {
    this(client, props, StorageOutageListener.NONE);
  }

  public ObjectStore(MinioClient client, StorageProperties props, StorageOutageListener outages) {
    this.client = client;
    this.props = props;
    this.outages = outages;
  }

  /** Calls waiting out a storage outage now. */
  public int waiting() {
    return waiting.get();
  }

  public String bucket() {
    return props.bucket();
  }

  public void ensureBucket() {
    callOnce(
        "create bucket",
        "",
        () -> {
          if (!client.bucketExists(BucketExistsArgs.builder().bucket(props.bucket()).build())) {
            client.makeBucket(MakeBucketArgs.builder().bucket(props.bucket()).build());
          }
          return null;
        });
  }

  public boolean bucketExists() {
    return callOnce(
        "check bucket",
        "",
        () -> client.bucketExists(BucketExistsArgs.builder().bucket(props.bucket()).build()));
  }

  public void put(String key, byte[] data, String contentType) {
    call(
        "put",
        key,
        () ->
            client.putObject(
                PutObjectArgs.builder().bucket(props.bucket()).object(key).stream(
                        new ByteArrayInputStream(data), (long) data.length, -1L)
                    .contentType(contentType)
                    .build()));
  }

  /**
   * Creates the object only if no object has that key: one atomic conditional write ({@code
   * If-None-Match: *}), which both s3proxy (4.x, filesystem store) and MinIO honour and AWS S3 does
   * since 2024. Of two writers racing for one key exactly one gets {@code true}; the other's bytes
   * are never stored. This is the commit step that fences a stale attempt (a worker paused past its
   * lease) out of a shard another attempt finished.
   *
   * @return true if this call created the object, false if one already existed
   */
  public boolean putIfAbsent(String key, byte[] data, String contentType) {
    boolean[] retried = {false};
    boolean created =
        call(
            "create",
            key,
            () -> {
              try {
                client.putObject(
                    PutObjectArgs.builder().bucket(props.bucket()).object(key).stream(
                            new ByteArrayInputStream(data), (long) data.length, -1L)
                        .contentType(contentType)
                        .headers(java.util.Map.of("If-None-Match", "*"))
                        .build());
                return true;
              } catch (ErrorResponseException e) {
                if (e.response().code() == 412
                    || "PreconditionFailed".equals(e.errorResponse().code())) {
                  return false;
                }
                throw e;
              } catch (Exception e) {
                retried[0] = true;
                throw e;
              }
            });
    // A create whose answer was lost to an outage and was then sent again finds its own object:
    // that is a win, not a loss.
    return created || (retried[0] && java.util.Arrays.equals(get(key), data));
  }

  public void putFile(String key, Path file, String contentType) {
    call(
        "upload",
        key,
        () ->
            client.uploadObject(
                UploadObjectArgs.builder()
                    .bucket(props.bucket())
                    .object(key)
                    .filename(file.toString())
                    .contentType(contentType)
                    .build()));
  }

  public byte[] get(String key) {
    return call(
        "read",
        key,
        () -> {
          try (InputStream in =
              client.getObject(
                  GetObjectArgs.builder().bucket(props.bucket()).object(key).build())) {
            return in.readAllBytes();
          }
        });
  }

  /** A stream over the object; the caller closes it. */
  public InputStream open(String key) {
    return call(
        "get",
        key,
        () -> client.getObject(GetObjectArgs.builder().bucket(props.bucket()).object(key).build()));
  }

  public void download(String key, Path target) {
    call(
        "download",
        key,
        () -> {
          Files.createDirectories(target.toAbsolutePath().getParent());
          Files.deleteIfExists(target);
          client.downloadObject(
              DownloadObjectArgs.builder()
                  .bucket(props.bucket())
                  .object(key)
                  .filename(target.toString())
                  .build());
          return null;
        });
  }

  public boolean exists(String key) {
    return call(
        "stat",
        key,
        () -> {
          try {
            client.statObject(StatObjectArgs.builder().bucket(props.bucket()).object(key).build());
            return true;
          } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())
                || "NoSuchObject".equals(e.errorResponse().code())
                || e.response().code() == 404) {
              return false;
            }
            throw e;
          }
        });
  }

  /** Keys under a prefix (recursively), in lexical order. */
  public List<String> list(String prefix) {
    return call(
        "list",
        prefix,
        () -> {
          List<String> keys = new ArrayList<>();
          for (Result<Item> r : listing(prefix)) {
            keys.add(r.get().objectName());
          }
          return keys;
        });
  }

  /**
   * Keys under a prefix (recursively), in lexical order, each with its ETag: what a reader caches
   * objects by, so an object replaced under the same key is seen as new.
   */
  public java.util.SortedMap<String, String> listVersions(String prefix) {
    return call(
        "list",
        prefix,
        () -> {
          java.util.SortedMap<String, String> keys = new java.util.TreeMap<>();
          for (Result<Item> r : listing(prefix)) {
            Item item = r.get();
            keys.put(item.objectName(), item.etag());
          }
          return keys;
        });
  }

  private Iterable<Result<Item>> listing(String prefix) {
    return client.listObjects(
        ListObjectsArgs.builder().bucket(props.bucket()).prefix(prefix).recursive(true).build());
  }

  /**
   * Mirrors every object under {@code prefix} into {@code dir}, downloading only files that are
   * missing or of a different size, each to a temporary name first and then moved into place, so a
   * reader never sees a half-written file (several services may share one cache). Used for model
   * bundles, whose weights can be tens of gigabytes.
   */
  public Path mirror(String prefix, Path dir) {
    return call(
        "mirror",
        prefix,
        () -> {
          Files.createDirectories(dir);
          for (Result<Item> r : listing(prefix)) {
            Item item = r.get();
            String relative = item.objectName().substring(prefix.length());
            Path target = dir.resolve(relative).normalize();
            if (relative.isEmpty() || !target.startsWith(dir.normalize())) {
              continue;
            }
            if (Files.isRegularFile(target) && Files.size(target) == item.size()) {
              continue;
            }
            Files.createDirectories(target.getParent());
            Path tmp =
                target.resolveSibling(
                    target.getFileName() + "." + java.util.UUID.randomUUID() + ".part");
            client.downloadObject(
                DownloadObjectArgs.builder()
                    .bucket(props.bucket())
                    .object(item.objectName())
                    .filename(tmp.toString())
                    .build());
            Files.move(
                tmp,
                target,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
          }
          return dir;
        });
  }

  public void delete(String key) {
    call(
        "delete",
        key,
        () -> {
          client.removeObject(
              RemoveObjectArgs.builder().bucket(props.bucket()).object(key).build());
          return null;
        });
  }

  /** A GET link valid for the configured presign expiry. */
  public String presignGet(String key) {
    return presignGet(key, props.presignExpiry());
  }

  public String presignGet(String key, Duration expiry) {
    return call(
        "presign",
        key,
        () ->
            client.getPresignedObjectUrl(
                GetPresignedObjectUrlArgs.builder()
                    .method(Http.Method.GET)
                    .bucket(props.bucket())
                    .object(key)
                    .expiry((int) expiry.toSeconds(), TimeUnit.SECONDS)
                    .build()));
  }

  public Duration presignExpiry() {
    return props.presignExpiry();
  }

  private <T> T callOnce(String what, String key, StorageCall<T> c) {
    try {
      return c.call();
    } catch (Exception e) {
      throw new StorageException(
          "cannot " + what + " s3://" + props.bucket() + "/" + key + ": " + e.getMessage(), e);
    }
  }

  /** The call, waiting out an outage (see the class comment). */
  private <T> T call(String what, String key, StorageCall<T> c) {
    long start = 0;
    long backoff = FIRST_BACKOFF_MILLIS;
    boolean told = false;
    try {
      while (true) {
        try {
          T result = c.call();
          if (told) {
            outages.recovered(what, key, Duration.ofNanos(System.nanoTime() - start));
          }
          return result;
        } catch (Exception e) {
          long now = System.nanoTime();
          if (start == 0) {
            start = now;
          }
          Duration waited = Duration.ofNanos(now - start);
          if (!unavailable(e) || waited.compareTo(props.outageTolerance()) >= 0) {
            String why =
                unavailable(e) && !props.outageTolerance().isZero()
                    ? " (storage unavailable for " + waited.toSeconds() + " s, the tolerance)"
                    : "";
            throw new StorageException(
                "cannot "
                    + what
                    + " s3://"
                    + props.bucket()
                    + "/"
                    + key
                    + ": "
                    + e.getMessage()
                    + why,
                e);
          }
          if (!told && waited.compareTo(props.waitingAfter()) >= 0) {
            told = true;
            waiting.incrementAndGet();
            outages.waiting(what, key, waited, e);
          }
          long jitter = java.util.concurrent.ThreadLocalRandom.current().nextLong(backoff / 4 + 1);
          Thread.sleep(backoff + jitter);
          backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException(
          "interrupted waiting for s3://" + props.bucket() + "/" + key + " to answer", e);
    } finally {
      if (told) {
        waiting.decrementAndGet();
      }
    }
  }

  /**
   * Whether the failure says the storage did not answer (worth waiting out), rather than answered
   * no: I/O failures and 5xx answers. The MinIO client wraps I/O in its own exceptions at times, so
   * the cause chain is searched.
   */
  static boolean unavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ErrorResponseException r) {
        return r.response() != null && r.response().code() >= 500;
      }
      if (t instanceof io.minio.errors.ServerException) {
        return true;
      }
      if (t instanceof java.io.IOException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  @FunctionalInterface
  private interface StorageCall<T> {
    T call() throws Exception;
  }
}
