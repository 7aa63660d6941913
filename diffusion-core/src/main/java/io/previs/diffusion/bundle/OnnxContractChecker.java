package io.previs.diffusion.bundle;

import io.previs.diffusion.bundle.ModelBundle.ExpertSpec;
import io.previs.onnxkit.graph.ElementType;
import io.previs.onnxkit.graph.OnnxGraphSummary;
import io.previs.onnxkit.graph.OnnxGraphSummary.ExternalRef;
import io.previs.onnxkit.graph.OnnxGraphSummary.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Checks each ONNX graph in a bundle against the contract the worker relies on: input and output
 * names, ranks, element types, fixed channel counts, and that external data files exist and are
 * long enough. Reads graph signatures only (see {@link OnnxGraphSummary}).
 */
final class OnnxContractChecker {

  private final Path dir;
  private final List<String> problems;

  OnnxContractChecker(Path dir, List<String> problems) {
    this.dir = dir;
    this.problems = problems;
  }

  void check(ModelBundle b) {
    var te = b.textEncoder();
    OnnxGraphSummary s = summary(te.file());
    if (s != null) {
      String f = name(te.file());
      expectInput(s, f, te.idsInput(), "textEncoder.idsInput", 2, Set.of(ElementType.INT64));
      expectInput(s, f, te.maskInput(), "textEncoder.maskInput", 2, Set.of(ElementType.INT64));
      TensorInfo out =
          expectOutput(s, f, te.output(), "textEncoder.output", 3, te.dtype(), "textEncoder.dtype");
      expectDim(
          f, "output '" + te.output() + "'", out, 2, te.contextDim(), "textEncoder.contextDim");
    }
    var d = b.denoiser();
    for (int i = 0; i < d.experts().size(); i++) {
      ExpertSpec e = d.experts().get(i);
      OnnxGraphSummary es = summary(e.file());
      if (es == null) {
        continue;
      }
      String f = name(e.file());
      TensorInfo latent =
          expectInput(
              es,
              f,
              d.latentInput(),
              "denoiser.latentInput",
              5,
              Set.of(d.dtype()),
              "denoiser.dtype");
      expectDim(
          f,
          "input '" + d.latentInput() + "'",
          latent,
          1,
          d.latentChannels(),
          "denoiser.latentChannels");
      TensorInfo ts = input(es, f, d.timestepInput(), "denoiser.timestepInput");
      if (ts != null && ts.rank() > 1) {
        problems.add(
            f + ": input '" + d.timestepInput() + "' has rank " + ts.rank() + ", expected 1 ([1])");
      }
      if (ts != null && ts.type() != d.timestepDtype()) {
        problems.add(
            f
                + ": input '"
                + d.timestepInput()
                + "' is "
                + typeName(ts)
                + ", but denoiser.timestepDtype says "
                + d.timestepDtype());
      }
      TensorInfo ctx =
          expectInput(
              es,
              f,
              d.contextInput(),
              "denoiser.contextInput",
              3,
              Set.of(d.dtype()),
              "denoiser.dtype");
      expectDim(
          f,
          "input '" + d.contextInput() + "'",
          ctx,
          2,
          b.textEncoder().contextDim(),
          "textEncoder.contextDim");
      TensorInfo out =
          expectOutput(es, f, d.output(), "denoiser.output", 5, d.dtype(), "denoiser.dtype");
      expectDim(
          f, "output '" + d.output() + "'", out, 1, d.latentChannels(), "denoiser.latentChannels");
    }
    var v = b.vae();
    OnnxGraphSummary vs = summary(v.file());
    if (vs != null) {
      String f = name(v.file());
      TensorInfo in = expectInput(vs, f, v.input(), "vae.input", 5, Set.of(v.dtype()), "vae.dtype");
      expectDim(f, "input '" + v.input() + "'", in, 1, v.latentChannels(), "vae.latentChannels");
      TensorInfo out = expectOutput(vs, f, v.output(), "vae.output", 5, v.dtype(), "vae.dtype");
      expectDim(f, "output '" + v.output() + "'", out, 1, 3, "RGB channels");
    }
  }

  private OnnxGraphSummary summary(Path file) {
    String f = name(file);
    OnnxGraphSummary s;
    try {
      s = OnnxGraphSummary.read(file);
    } catch (IOException | RuntimeException e) {
      problems.add(f + ": cannot be read as an ONNX model: " + e.getMessage());
      return null;
    }
    for (ExternalRef ref : s.externalData()) {
      checkExternal(f, file, ref);
    }
    return s;
  }

  private void checkExternal(String f, Path model, ExternalRef ref) {
    String what = f + ": initializer '" + ref.initializer() + "' external data";
    if (ref.location().isBlank() || Path.of(ref.location()).isAbsolute()) {
      problems.add(what + ": location '" + ref.location() + "' must be a relative file name");
      return;
    }
    Path data = model.resolveSibling(ref.location()).normalize();
    if (!data.startsWith(dir.normalize())) {
      problems.add(what + ": location '" + ref.location() + "' points outside the bundle");
      return;
    }
    if (!Files.isRegularFile(data)) {
      problems.add(what + ": file '" + ref.location() + "' is missing");
      return;
    }
    if (ref.offset() < 0 || ref.length() < -1) {
      problems.add(what + ": offset/length are not valid numbers");
      return;
    }
    try {
      long size = Files.size(data);
      long end = ref.offset() + Math.max(ref.length(), 0);
      if (end > size) {
        problems.add(
            what
                + ": '"
                + ref.location()
                + "' is "
                + size
                + " bytes, shorter than offset "
                + ref.offset()
                + " + length "
                + ref.length());
      }
    } catch (IOException e) {
      problems.add(what + ": cannot stat '" + ref.location() + "': " + e.getMessage());
    }
  }

  private TensorInfo input(OnnxGraphSummary s, String f, String name, String field) {
    TensorInfo t = s.inputs().get(name);
    if (t == null) {
      problems.add(
          f
              + ": input '"
              + name
              + "' ("
              + field
              + ") not found; the model's inputs are "
              + s.inputs().keySet());
    }
    return t;
  }

  private TensorInfo expectInput(
      OnnxGraphSummary s, String f, String name, String field, int rank, Set<ElementType> types) {
    return expectInput(s, f, name, field, rank, types, null);
  }

  private TensorInfo expectInput(
      OnnxGraphSummary s,
      String f,
      String name,
      String field,
      int rank,
      Set<ElementType> types,
      String typeField) {
    TensorInfo t = input(s, f, name, field);
    checkShapeAndType(f, "input '" + name + "'", t, rank, types, typeField);
    return t;
  }

  private TensorInfo expectOutput(
      OnnxGraphSummary s,
      String f,
      String name,
      String field,
      int rank,
      ElementType type,
      String typeField) {
    TensorInfo t = s.outputs().get(name);
    if (t == null) {
      problems.add(
          f
              + ": output '"
              + name
              + "' ("
              + field
              + ") not found; the model's outputs are "
              + s.outputs().keySet());
    }
    checkShapeAndType(f, "output '" + name + "'", t, rank, Set.of(type), typeField);
    return t;
  }

  private void checkShapeAndType(
      String f, String what, TensorInfo t, int rank, Set<ElementType> types, String typeField) {
    if (t == null) {
      return;
    }
    if (t.rank() != rank) {
      problems.add(
          f + ": " + what + " has rank " + t.rank() + ", expected " + rank + " " + shapeHint(rank));
    }
    if (!types.contains(t.type())) {
      String expected =
          typeField == null ? types.toString() : typeField + " says " + types.iterator().next();
      problems.add(f + ": " + what + " is " + typeName(t) + ", but " + expected);
    }
  }

  private void expectDim(
      String f, String what, TensorInfo t, int axis, int expected, String field) {
    if (t == null || expected <= 0) {
      return;
    }
    long actual = t.fixedDim(axis);
    if (actual >= 0 && actual != expected) {
      problems.add(
          f
              + ": "
              + what
              + " dimension "
              + axis
              + " is "
              + actual
              + ", but "
              + field
              + " is "
              + expected);
    }
  }

  private static String shapeHint(int rank) {
    return switch (rank) {
      case 2 -> "([1, L])";
      case 3 -> "([1, L, D])";
      case 5 -> "([1, C, F, H, W])";
      default -> "";
    };
  }

  private static String typeName(TensorInfo t) {
    return t.type() == null ? "ONNX type " + t.onnxType() : t.type().toString();
  }

  private String name(Path file) {
    return dir.normalize().relativize(file.normalize()).toString();
  }
}
