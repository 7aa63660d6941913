package io.previs.qc.profiles;

import io.previs.contracts.storage.ObjectKeys;
import io.previs.qc.QcProperties;
import io.previs.qccore.config.InvalidConfigException;
import io.previs.qccore.config.QcConfig;
import io.previs.qccore.config.QcProfiles;
import io.previs.servicekit.kafka.NonRetryableException;
import io.previs.servicekit.storage.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/**
 * The QC thresholds for a studio: the defaults, then the house profiles from configuration (checked
 * at start-up, so a bad file stops the service with the field named), then the studio's own profile
 * from object storage. The studio profile is read for every clip (a few hundred bytes), so an edit
 * takes effect on the next clip without a restart.
 */
@Component
public class StudioProfiles {

  private final ObjectStore store;
  private final QcConfig house;

  public StudioProfiles(ObjectStore store, QcProperties props) {
    this.store = store;
    try {
      this.house = QcProfiles.load(props.profiles().toArray(Path[]::new));
    } catch (InvalidConfigException e) {
      throw new IllegalArgumentException("previs.qc.profiles: " + e.getMessage(), e);
    }
  }

  public QcConfig house() {
    return house;
  }

  /**
   * The configuration for a studio's clips.
   *
   * @throws NonRetryableException when the studio's profile is not valid: the clip is not checked
   *     against thresholds nobody meant, and the job fails with the field and the limit named
   */
  public QcConfig forStudio(String studio) {
    String key = ObjectKeys.qcProfile(studio);
    if (!store.exists(key)) {
      return house;
    }
    String json = new String(store.get(key), StandardCharsets.UTF_8);
    try {
      return QcProfiles.apply(house, json);
    } catch (InvalidConfigException e) {
      throw new NonRetryableException("QC profile " + key + " is not valid: " + e.getMessage(), e);
    }
  }
}
