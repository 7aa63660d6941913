package io.previs.localstack;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * A real S3-compatible server (s3proxy) on loopback, storing objects as files under a directory and
 * checking AWS Signature V4 on every request, so presigned URLs are genuinely verified. Stands in
 * for MinIO: services reach it through the MinIO client exactly as they would MinIO.
 */
public final class LocalS3 implements AutoCloseable {

  private final Path dataDir;
  private final int port;
  private final String accessKey;
  private final String secretKey;
  private volatile S3Proxy proxy;

  private LocalS3(Path dataDir, S3Proxy proxy, String accessKey, String secretKey) {
    this.dataDir = dataDir;
    this.proxy = proxy;
    this.port = proxy.getPort();
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  public static LocalS3 start(Path dataDir, int port, String accessKey, String secretKey) {
    return new LocalS3(dataDir, serve(dataDir, port, accessKey, secretKey), accessKey, secretKey);
  }

  /**
   * Stops serving, as an S3 server that goes down does: connections are refused until {@link
   * #restart()}. The objects stay on disk.
   */
  public void stop() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the local S3 server", e);
    }
  }

  /** Serves the same objects again on the same port (the endpoint clients know). */
  public void restart() {
    proxy = serve(dataDir, port, accessKey, secretKey);
  }

  private static S3Proxy serve(Path dataDir, int port, String accessKey, String secretKey) {
    try {
      Files.createDirectories(dataDir);
      S3Proxy proxy =
          S3Proxy.builder()
              .blobStore(new FilesystemNio2BlobStore(dataDir.toAbsolutePath().toString()))
              .endpoint(URI.create("http://127.0.0.1:" + port))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
              .build();
      proxy.start();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
        }
        Thread.sleep(10);
      }
      return proxy;
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the local S3 server: " + e.getMessage(), e);
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the local S3 server", e);
    }
  }
}
