package io.previs.gateway.intake;

import io.previs.contracts.topics.Topics;
import io.previs.gateway.security.SecuritySettings;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Which topics the Kafka intake reads: every studio's own submit topic and the platform's
 * regeneration topic, plus the open shared topic only while {@code
 * previs.security.shared-submit-topic} is on (the embedded stack); where Kafka security is on it is
 * off, and records written there are never read.
 */
@Component("submitTopics")
class SubmitTopics {

  private final boolean shared;

  SubmitTopics(SecuritySettings settings) {
    this.shared = settings.sharedSubmitTopic();
  }

  public String pattern() {
    String p =
        Pattern.quote(Topics.JOBS_REGENERATE.name()) + "|" + Topics.STUDIO_SUBMIT_PATTERN.pattern();
    return shared ? p + "|" + Pattern.quote(Topics.JOBS_SUBMIT.name()) : p;
  }
}
