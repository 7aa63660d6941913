package io.previs.launcher.platform;

import io.previs.contracts.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Gives a studio its own way in over Kafka: the topic previs.jobs.submit.&lt;studio&gt; and, when
 * the cluster authorizes, an ACL letting the studio's principal (and no one else) write it. The
 * gateway reads the whole family by pattern and takes the studio from the topic, so a body cannot
 * claim another studio: the ACL is what proves whose request it is.
 */
public final class StudioOnboarding {

  private static final Pattern STUDIO = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  private StudioOnboarding() {}

  /** Refuses a name that cannot be a studio (nor a topic name's last part). */
  public static void requireStudio(String studio) {
    if (!STUDIO.matcher(studio).matches()) {
      throw new IllegalArgumentException("studio: '" + studio + "' must match " + STUDIO.pattern());
    }
  }

  /**
   * @param principal the studio's Kafka principal ({@code User:acme}), or null for a cluster
   *     without authorization (the embedded stack)
   * @return what was done, for the operator
   */
  public static List<String> onboard(
      Admin admin, String studio, String principal, int partitions, short replication) {
    requireStudio(studio);
    String topic = Topics.studioSubmit(studio);
    List<String> done = new ArrayList<>();
    try {
      try {
        admin
            .createTopics(
                List.of(
                    new NewTopic(topic, partitions, replication)
                        .configs(
                            Map.of(
                                "retention.ms",
                                Long.toString(Topics.JOBS_SUBMIT.retention().toMillis())))))
            .all()
            .get(30, TimeUnit.SECONDS);
        done.add("created topic " + topic);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
        done.add("topic " + topic + " exists");
      }
      if (principal != null) {
        ResourcePattern resource =
            new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL);
        List<AclBinding> acls = new ArrayList<>();
        for (AclOperation op : Set.of(AclOperation.WRITE, AclOperation.DESCRIBE)) {
          acls.add(
              new AclBinding(
                  resource, new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW)));
        }
        admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        done.add("allowed " + principal + " to write " + topic);
      }
      return done;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted onboarding " + studio, e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot onboard studio " + studio + ": " + e.getMessage(), e);
    }
  }
}
