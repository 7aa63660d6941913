package io.previs.servicekit.storage;

import java.time.Duration;

/**
 * Told when a storage call has been waiting out an outage for {@code waiting-after}, and when it
 * got through again. Called on the waiting thread, so a listener sees the job it works for.
 */
public interface StorageOutageListener {

  StorageOutageListener NONE =
      new StorageOutageListener() {
        @Override
        public void waiting(String operation, String key, Duration since, Throwable cause) {}

        @Override
        public void recovered(String operation, String key, Duration after) {}
      };

  void waiting(String operation, String key, Duration since, Throwable cause);

  void recovered(String operation, String key, Duration after);
}
