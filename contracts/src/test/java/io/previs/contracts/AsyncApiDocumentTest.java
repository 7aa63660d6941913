package io.previs.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.previs.contracts.topics.Topic;
import io.previs.contracts.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * docs/asyncapi.yaml describes exactly the topics the code declares, and its schema files exist.
 */
class AsyncApiDocumentTest {

  static final Path DOC = Path.of("..", "docs", "asyncapi.yaml");

  @Test
  void everyTopicAndDeadLetterTopicIsAChannelAndNothingElseIs() throws Exception {
    JsonNode doc = new YAMLMapper().readTree(DOC.toFile());
    assertThat(doc.path("asyncapi").asString()).startsWith("3.");
    List<String> addresses = new ArrayList<>();
    doc.path("channels").forEach(c -> addresses.add(c.path("address").asString()));
    List<String> expected = new ArrayList<>();
    for (Topic<?> t : Topics.all()) {
      expected.add(t.name());
      expected.add(t.deadLetter());
    }
    // the per-studio submit topics are one family, one channel with a parameter
    expected.add(Topics.STUDIO_SUBMIT_PREFIX + "{studio}");
    // so are the per-pool work queues, with their dead letters
    expected.add(Topics.SHARDS_QUEUED_PREFIX + "{pool}");
    expected.add(Topics.SHARDS_QUEUED_PREFIX + "{pool}-dlt");
    assertThat(addresses).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void everyPayloadSchemaFileExists() throws Exception {
    JsonNode doc = new YAMLMapper().readTree(DOC.toFile());
    doc.path("components")
        .path("messages")
        .forEach(
            m -> {
              String ref = m.path("payload").path("$ref").asString();
              if (!ref.isEmpty()) {
                assertThat(Files.exists(DOC.getParent().resolve(ref))).as(ref).isTrue();
              }
            });
  }
}
