package io.orpheus.conformance;

import io.orpheus.api.Tensor;
import io.orpheus.api.UnsupportedModelException;
import io.orpheus.api.backend.Tolerance;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.onnx.OnnxTensors;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A case in ONNX's test layout: {@code model.onnx} beside {@code test_data_set_*} directories of
 * {@code input_N.pb} and {@code output_N.pb}. Inputs bind to the graph's inputs by the tensor's name
 * when it names one, else by position; outputs likewise.
 */
abstract class StoredDataCase implements ConformanceCase {

    private static final Pattern NUMBERED = Pattern.compile("(input|output)_(\\d+)\\.pb");

    private final Path dir;
    private final String name;

    StoredDataCase(Path dir, String name) {
        this.dir = dir;
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    /** The tolerance for this model before any implementation's own. */
    abstract Tolerance tolerance(OrpheusModel model);

    @Override
    public final CaseResult run(CaseContext context) {
        long start = System.nanoTime();
        OrpheusModel model;
        try {
            model = context.orpheus().load(dir.resolve("model.onnx"));
        } catch (UnsupportedModelException e) {
            return CaseResult.skipped(name, group(), e.getMessage(), e);
        } catch (Exception | StackOverflowError e) {
            return CaseResult.failed(name, group(), "load failed: " + Failures.describe(e), System.nanoTime() - start, e);
        }
        // Whole models run twice, with the graph passes on (the default) and off: passes may only
        // re-associate float arithmetic, so both must match the stored outputs.
        List<SessionOptions> variants = wholeModelPassVariants()
                ? List.of(context.underTest(), context.underTest().passes("none"))
                : List.of(context.underTest());
        for (SessionOptions options : variants) {
            String label = variants.size() > 1 ? (options.passes().equals("none") ? "[passes off] " : "[passes on] ") : "";
            CaseResult r = runWith(context, model, options, label, start);
            if (r != null) {
                return r;
            }
        }
        return CaseResult.passed(name, group(), System.nanoTime() - start);
    }

    /** Whether this kind of case checks the model with graph passes on and off. */
    boolean wholeModelPassVariants() {
        return false;
    }

    /** Runs every data set with one session configuration; null when all matched. */
    private CaseResult runWith(CaseContext context, OrpheusModel model, SessionOptions options, String label,
                               long start) {
        try (Session session = model.newSession(options)) {
            Tolerance tol = Tolerances.loosest(tolerance(model), context.declaredTolerance(session));
            for (Path dataSet : dataSets(dir)) {
                Map<String, Tensor> inputs = bind(model.inputs(), files(dataSet, "input"), "input");
                Map<String, Tensor> expected = bind(model.outputs(), files(dataSet, "output"), "output");
                Map<String, Tensor> actual = session.run(inputs);
                for (Map.Entry<String, Tensor> e : expected.entrySet()) {
                    Mismatch m = TensorComparator.compare(e.getKey(), actual.get(e.getKey()), e.getValue(), tol);
                    if (m != null) {
                        Mismatch placed = new Mismatch(label + dataSet.getFileName() + "/" + m.output(), m.kind(),
                                m.index(), m.position(), m.observed(), m.expected(), m.tolerance(), m.badElements());
                        return CaseResult.mismatch(name, group(), placed, System.nanoTime() - start);
                    }
                }
            }
            return null;
        } catch (UnsupportedModelException e) {
            return CaseResult.skipped(name, group(), "backend '" + context.backendId() + "' cannot run it: "
                    + e.getMessage(), e);
        } catch (Exception | StackOverflowError e) {
            return CaseResult.failed(name, group(), label + Failures.describe(e), System.nanoTime() - start, e);
        }
    }

    static List<Path> dataSets(Path modelDir) {
        try (Stream<Path> s = Files.list(modelDir)) {
            List<Path> sets = s.filter(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith("test_data_set_"))
                    .sorted().toList();
            if (sets.isEmpty()) {
                throw new IllegalStateException("no test_data_set_* directory in " + modelDir);
            }
            return sets;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code prefix_N.pb} files of a data set, in order of N. */
    static List<Path> files(Path dataSet, String prefix) throws IOException {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(dataSet)) {
            s.forEach(p -> {
                Matcher m = NUMBERED.matcher(p.getFileName().toString());
                if (m.matches() && m.group(1).equals(prefix)) {
                    found.add(p);
                }
            });
        }
        found.sort(Comparator.comparingInt(StoredDataCase::number));
        return found;
    }

    private static int number(Path p) {
        Matcher m = NUMBERED.matcher(p.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(p.toString());
        }
        return Integer.parseInt(m.group(2));
    }

    /** Tensors of {@code files} by the graph value each binds to. */
    static Map<String, Tensor> bind(List<ValueInfo> values, List<Path> files, String what) throws IOException {
        if (files.size() > values.size()) {
            throw new IllegalStateException(files.size() + " " + what + " files but the model has " + values.size()
                    + " " + what + "s");
        }
        Map<String, Tensor> bound = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            var nt = OnnxTensors.readNamed(files.get(i));
            String target = values.get(i).name();
            if (nt.name() != null && !nt.name().isEmpty()
                    && values.stream().anyMatch(v -> v.name().equals(nt.name()))) {
                target = nt.name();
            }
            bound.put(target, nt.tensor());
        }
        return bound;
    }
}
