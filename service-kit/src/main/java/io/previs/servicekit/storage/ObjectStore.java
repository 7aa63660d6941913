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
 */
public final class ObjectStore {

  private final MinioClient client;
  private final StorageProperties props;

  public ObjectStore(MinioClient client, StorageProperties props) {
    this.client = client;
    this.props = props;
  }

  public String bucket() {
    return props.bucket();
  }

  public void ensureBucket() {
    call(
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
    return call(
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
    try (InputStream in = open(key)) {
      return in.readAllBytes();
    } catch (StorageException e) {
      throw e;
    } catch (Exception e) {
      throw new StorageException(
          "cannot read s3://" + props.bucket() + "/" + key + ": " + e.getMessage(), e);
    }
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
    try {
      client.statObject(StatObjectArgs.builder().bucket(props.bucket()).object(key).build());
      return true;
    } catch (ErrorResponseException e) {
      if ("NoSuchKey".equals(e.errorResponse().code())
          || "NoSuchObject".equals(e.errorResponse().code())
          || e.response().code() == 404) {
        return false;
      }
      throw new StorageException(
          "cannot stat s3://" + props.bucket() + "/" + key + ": " + e.getMessage(), e);
    } catch (Exception e) {
      throw new StorageException(
          "cannot stat s3://" + props.bucket() + "/" + key + ": " + e.getMessage(), e);
    }
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

  private <T> T call(String what, String key, StorageCall<T> c) {
    try {
      return c.call();
    } catch (Exception e) {
      throw new StorageException(
          "cannot " + what + " s3://" + props.bucket() + "/" + key + ": " + e.getMessage(), e);
    }
  }

  @FunctionalInterface
  private interface StorageCall<T> {
    T call() throws Exception;
  }
}
