package io.previs.chart;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** What one `helm template` rendered, typed, with look-ups by component and name. */
record Rendered(List<HasMetadata> resources) {

  static final String NAMESPACE = "studio";

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return resources.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> T named(Class<T> type, String name) {
    return all(type).stream()
        .filter(r -> r.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  List<GenericKubernetesResource> custom(String kind) {
    return all(GenericKubernetesResource.class).stream()
        .filter(r -> r.getKind().equals(kind))
        .toList();
  }

  List<Deployment> deployments() {
    return all(Deployment.class);
  }

  /** previs-gateway, previs-worker-a100-80g, … */
  Deployment deployment(String suffix) {
    return named(Deployment.class, "previs-" + suffix);
  }

  List<Deployment> workers() {
    return deployments().stream()
        .filter(
            d -> "worker".equals(d.getMetadata().getLabels().get("app.kubernetes.io/component")))
        .toList();
  }

  static PodSpec pod(Deployment d) {
    return d.getSpec().getTemplate().getSpec();
  }

  static Container container(Deployment d) {
    return pod(d).getContainers().getFirst();
  }

  /** A container's literal env values by name (secret and field references left out). */
  static Map<String, String> env(Deployment d) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar e : container(d).getEnv()) {
      if (e.getValueFrom() == null) {
        env.put(e.getName(), e.getValue());
      }
    }
    return env;
  }

  static EnvVar envVar(Deployment d, String name) {
    return container(d).getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(d.getMetadata().getName() + " has no " + name));
  }

  /**
   * The container's environment as it sees it (its ConfigMaps, literal values, secret keys and the
   * pod's name and namespace) in the binder the service binds its own settings records with.
   *
   * @param secrets "secret/key" to value; other secret keys read "generated"
   */
  Binder binder(Deployment d, String podName, Map<String, String> secrets) {
    Map<String, Object> env = new LinkedHashMap<>();
    for (EnvFromSource from : container(d).getEnvFrom()) {
      ConfigMap cm = named(ConfigMap.class, from.getConfigMapRef().getName());
      env.putAll(cm.getData());
    }
    for (EnvVar e : container(d).getEnv()) {
      if (e.getValueFrom() == null) {
        env.put(e.getName(), e.getValue());
      } else if (e.getValueFrom().getSecretKeyRef() != null) {
        var ref = e.getValueFrom().getSecretKeyRef();
        env.put(e.getName(), secrets.getOrDefault(ref.getName() + "/" + ref.getKey(), "generated"));
      } else if (e.getValueFrom().getFieldRef() != null) {
        String field = e.getValueFrom().getFieldRef().getFieldPath();
        env.put(
            e.getName(),
            switch (field) {
              case "metadata.name" -> podName;
              case "metadata.namespace" -> NAMESPACE;
              default -> throw new AssertionError("unexpected fieldRef " + field);
            });
      }
    }
    MutablePropertySources sources = new MutablePropertySources();
    sources.addFirst(
        new SystemEnvironmentPropertySource(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
    return new Binder(ConfigurationPropertySources.from(sources));
  }

  Binder binder(Deployment d) {
    return binder(d, d.getMetadata().getName() + "-5d8f7c9b4-x2k9q", Map.of());
  }
}
