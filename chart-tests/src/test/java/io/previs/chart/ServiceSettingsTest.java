package io.previs.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.previs.autoscaler.AutoscalerProperties;
import io.previs.contracts.job.Priority;
import io.previs.contracts.topics.Topics;
import io.previs.gateway.security.SecuritySettings;
import io.previs.scheduler.SchedulerProperties;
import io.previs.servicekit.kafka.PrevisKafkaProperties;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart's values reach each service as that service binds them: its own settings records. */
class ServiceSettingsTest {

  static final Map<String, String> SECRETS =
      Map.of(
          "previs-ops-key/id", "0123456789ab",
          "previs-ops-key/secret", "s".repeat(43),
          "previs-kafka/jaasConfig", "org.apache.kafka.common.security.scram.ScramLoginModule",
          "kafka-ca/password", "changeit");

  @Test
  void securitySettingsReachTheServicesAsTheyBindThem() {
    Rendered chart =
        Chart.render(
            Map.of(
                "security.jwt.issuer", "https://idp.studio.example",
                "security.jwt.jwksUri", "https://idp.studio.example/jwks",
                "security.jwt.audience", "previs",
                "security.opsKeySecret", "previs-ops-key",
                "kafkaSecurity.enabled", true,
                "kafkaSecurity.existingSecret", "previs-kafka",
                "auditRetention", "730d"));

    var gateway = chart.binder(chart.deployment("gateway"), "previs-gateway-1", SECRETS);
    SecuritySettings security = gateway.bindOrCreate("previs.security", SecuritySettings.class);
    assertThat(security.enabled()).isTrue();
    assertThat(security.jwt().configured()).isTrue();
    assertThat(security.jwt().issuer()).isEqualTo("https://idp.studio.example");
    assertThat(security.jwt().audience()).isEqualTo("previs");
    assertThat(security.jwt().studioClaim()).isEqualTo("previs_studio");
    assertThat(security.sharedSubmitTopic())
        .as("no open submit topic where Kafka authenticates its clients")
        .isFalse();
    assertThat(security.seedKeys())
        .singleElement()
        .satisfies(
            k -> {
              assertThat(k.id()).isEqualTo("0123456789ab");
              assertThat(k.secret()).hasSize(43);
              assertThat(k.roles()).containsExactly("ops");
            });
    assertThat(
            gateway
                .bindOrCreate("previs.kafka", PrevisKafkaProperties.class)
                .retentionOf(Topics.AUDIT))
        .isEqualTo(Duration.ofDays(730));

    for (Deployment d : chart.deployments()) {
      var b = chart.binder(d, d.getMetadata().getName() + "-1", SECRETS);
      assertThat(b.bind("spring.kafka.security.protocol", String.class).get())
          .isEqualTo("SASL_SSL");
      assertThat(b.bind("spring.kafka.properties.sasl.mechanism", String.class).get())
          .isEqualTo("SCRAM-SHA-512");
      assertThat(b.bind("spring.kafka.properties.sasl.jaas.config", String.class).get())
          .contains("ScramLoginModule");
    }
    assertThat(
            chart
                .binder(chart.deployment("encoder"), "previs-encoder-1", SECRETS)
                .bind("previs.security.seed-keys[0].id", String.class)
                .isBound())
        .as("the ops key reaches the gateway only")
        .isFalse();
  }

  @Test
  void theSchedulerKnowsEveryPoolBeforeAnyOfItsWorkersRuns() {
    Rendered chart =
        Chart.render(
            Map.of("scheduler.workerTimeout", "45s"),
            Chart.DIR.resolve("ci").resolve("cpu-pool-values.yaml"));

    SchedulerProperties scheduler =
        chart
            .binder(chart.deployment("scheduler"))
            .bindOrCreate("previs.scheduler", SchedulerProperties.class);

    assertThat(scheduler.pools())
        .extracting(
            SchedulerProperties.Pool::name,
            SchedulerProperties.Pool::gpuMemoryGb,
            SchedulerProperties.Pool::speed)
        .containsExactly(
            tuple("a100-80g", 80, 1.0), tuple("h100-80g", 80, 2.0), tuple("cpu", 0, 0.01));
    assertThat(scheduler.standbyReplicas()).isEqualTo(1);
    assertThat(scheduler.policy().preemptingClasses()).containsExactly(Priority.URGENT);
    assertThat(scheduler.stateDir()).hasToString("/cache/state");
    assertThat(scheduler.workerTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(
            chart
                .binder(chart.deployment("autoscaler"))
                .bindOrCreate("previs.autoscaler", AutoscalerProperties.class)
                .workerTimeout())
        .as("one figure for a lost worker in both")
        .isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void postprocessAndQcSettingsReachTheirServices() {
    Rendered chart =
        Chart.render(
            Map.of(
                "postprocess.output",
                "1080p",
                "postprocess.prores",
                "hq",
                "qc.maxRegenerations",
                0));

    assertThat(Rendered.env(chart.deployment("postprocess")))
        .containsEntry("PREVIS_POSTPROCESS_OUTPUT", "1080p")
        .containsEntry("PREVIS_POSTPROCESS_PRORES", "hq")
        .doesNotContainKey("PREVIS_POSTPROCESS_LOOK");
    assertThat(Rendered.env(chart.deployment("qc")))
        .containsEntry("PREVIS_QC_MAX_REGENERATIONS", "0");
  }

  @Test
  void theKafkaTrustStoreIsMountedReadOnlyIntoEveryService() {
    Rendered chart =
        Chart.render(
            Map.of(
                "kafkaSecurity.enabled", true,
                "kafkaSecurity.jaasConfig",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "kafkaSecurity.truststoreSecret", "kafka-ca"));

    assertThat(chart.all(Secret.class))
        .extracting(s -> s.getMetadata().getName())
        .containsExactlyInAnyOrder("previs-storage", "previs-kafka");
    for (Deployment d : chart.deployments()) {
      var b = chart.binder(d, d.getMetadata().getName() + "-1", SECRETS);
      assertThat(b.bind("spring.kafka.ssl.trust-store-location", String.class).get())
          .isEqualTo("file:/etc/previs/kafka-truststore/truststore.p12");
      assertThat(b.bind("spring.kafka.ssl.trust-store-password", String.class).get())
          .isEqualTo("changeit");
      assertThat(b.bind("spring.kafka.ssl.trust-store-type", String.class).get())
          .isEqualTo("PKCS12");
      assertThat(Rendered.container(d).getVolumeMounts())
          .filteredOn(m -> m.getName().equals("kafka-truststore"))
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m.getMountPath()).isEqualTo("/etc/previs/kafka-truststore");
                assertThat(m.getReadOnly()).isTrue();
              });
      assertThat(Rendered.pod(d).getVolumes())
          .filteredOn(v -> v.getName().equals("kafka-truststore"))
          .singleElement()
          .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("kafka-ca"));
    }
  }

  @Test
  void kafkaSecurityWithoutItsSecretIsRefused() {
    assertThatThrownBy(() -> Chart.render(Map.of("kafkaSecurity.enabled", true)))
        .hasMessageContaining(
            "kafkaSecurity.existingSecret (or kafkaSecurity.jaasConfig) is required");
  }
}
