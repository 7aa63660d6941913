package io.previs.chart;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads rendered manifests into fabric8's typed Kubernetes model, refusing any field the model does
 * not know (a misspelt or misplaced key that the API server would drop or reject).
 */
final class Manifests {

  /** The built-in kinds the chart may render, by apiVersion and kind. */
  static final Map<String, Class<? extends HasMetadata>> TYPED =
      Map.ofEntries(
          Map.entry("v1/ConfigMap", ConfigMap.class),
          Map.entry("v1/Secret", Secret.class),
          Map.entry("v1/Service", Service.class),
          Map.entry("v1/ServiceAccount", ServiceAccount.class),
          Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
          Map.entry("apps/v1/Deployment", Deployment.class),
          Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
          Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class),
          Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
          Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class));

  /** Custom resources: read generically, their required fields asserted by the tests. */
  static final List<String> CUSTOM =
      List.of("monitoring.coreos.com/v1/ServiceMonitor", "keda.sh/v1alpha1/ScaledObject");

  /**
   * fabric8's model classes keep unknown fields in an "any setter" map; without it, Jackson's
   * FAIL_ON_UNKNOWN_PROPERTIES names the field and its path.
   */
  private static final ObjectMapper STRICT =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
          .setAnnotationIntrospector(
              new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated a) {
                  return Boolean.FALSE;
                }
              });

  private static final ObjectMapper GENERIC = new ObjectMapper(new YAMLFactory());

  private Manifests() {}

  /** Every document of a multi-document YAML stream, typed. */
  static List<HasMetadata> readAll(String yaml) {
    List<HasMetadata> out = new ArrayList<>();
    for (String doc : yaml.split("(?m)^---\\s*$")) {
      HasMetadata r = read(doc);
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }

  /** One document, typed; null for an empty one. */
  static HasMetadata read(String doc) {
    try {
      JsonNode tree = GENERIC.readTree(doc);
      if (tree == null || tree.isNull() || tree.isMissingNode() || tree.isEmpty()) {
        return null;
      }
      String type = tree.path("apiVersion").asText() + "/" + tree.path("kind").asText();
      Class<? extends HasMetadata> typed = TYPED.get(type);
      if (typed != null) {
        return STRICT.readValue(doc, typed);
      }
      if (CUSTOM.contains(type)) {
        return GENERIC.readValue(doc, GenericKubernetesResource.class);
      }
      throw new AssertionError("the chart renders an unexpected " + type + ":\n" + doc);
    } catch (IOException e) {
      throw new AssertionError("not a valid manifest: " + e.getMessage() + "\n" + doc, e);
    }
  }
}
