package io.previs.chart;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** helm/previs, rendered by the helm 3 that helm-java embeds, as release "previs". */
final class Chart {

  static final Path DIR = Path.of("..", "helm", "previs");

  /** The scenarios the chart ships values for (helm/previs/ci, chart-testing's convention). */
  enum Scenario {
    DEFAULTS(null),
    KEDA("keda-values.yaml"),
    FIXED("fixed-values.yaml"),
    CPU_POOL("cpu-pool-values.yaml"),
    PRODUCTION("production-values.yaml");

    private final String file;

    Scenario(String file) {
      this.file = file;
    }

    Rendered render() {
      return file == null
          ? Chart.render()
          : Chart.render(Map.of(), DIR.resolve("ci").resolve(file));
    }
  }

  private Chart() {}

  static Rendered render() {
    return render(Map.of());
  }

  /** Renders with --set values and values files (later files win, --set wins over files). */
  static Rendered render(Map<String, ?> set, Path... valuesFiles) {
    var template = new Helm(DIR).template().withName("previs").withNamespace("studio");
    for (Path f : valuesFiles) {
      template.withValuesFile(f);
    }
    set.forEach(template::set);
    return new Rendered(Manifests.readAll(template.call()));
  }

  /** Renders with one values file written from {@code yaml}. */
  static Rendered render(String yaml) {
    return render(Map.of(), valuesFile(yaml));
  }

  static Path valuesFile(String yaml) {
    try {
      Path f = Files.createTempFile("previs-values-", ".yaml");
      f.toFile().deleteOnExit();
      return Files.writeString(f, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
