package io.previs.autoscaler.loop;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.previs.autoscaler.AutoscalerProperties;
import io.previs.autoscaler.farm.FarmView;
import io.previs.autoscaler.kube.Leadership;
import io.previs.autoscaler.kube.PoolDeployment;
import io.previs.servicekit.kafka.EventPublisher;
import java.time.Clock;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/** Wires the autoscaler: one Kubernetes client, one farm view, one lease, a loop per pool. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(
    name = "previs.autoscaler.enabled",
    havingValue = "true",
    matchIfMissing = true)
class AutoscalerConfiguration {

  /** In-cluster (service account) or kubeconfig, unless a master URL is given. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  KubernetesClient kubernetesClient(AutoscalerProperties props) {
    Config config =
        props.masterUrl() == null || props.masterUrl().isBlank()
            ? Config.autoConfigure(null)
            : new ConfigBuilder(Config.empty())
                .withMasterUrl(props.masterUrl())
                .withTrustCerts(true)
                .withNamespace(props.namespace())
                .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  @Bean
  Autoscaler autoscaler(
      AutoscalerProperties props,
      KubernetesClient client,
      KafkaProperties kafka,
      EventPublisher publisher,
      KafkaTemplate<String, Object> previsKafkaTemplate,
      MeterRegistry registry) {
    Clock clock = Clock.systemUTC();
    FarmView farm = new FarmView(kafka.buildConsumerProperties(), clock);
    AutoscalerMetrics metrics = new AutoscalerMetrics(registry);
    WorkerDrains drains = new WorkerDrains(publisher, previsKafkaTemplate, farm);
    List<PoolLoop> loops =
        props.pools().stream()
            .map(
                p ->
                    new PoolLoop(
                        p,
                        props,
                        new PoolDeployment(
                            client, props.namespace(), p.deployment(), "previs-autoscaler"),
                        farm,
                        drains,
                        metrics,
                        clock))
            .toList();
    Leadership leadership =
        new Leadership(
            client,
            props.namespace(),
            props.lease(),
            props.identity(),
            props.leaseDuration(),
            props.renewDeadline(),
            props.retryPeriod());
    return new Autoscaler(loops, farm, leadership, metrics, props.interval());
  }
}
