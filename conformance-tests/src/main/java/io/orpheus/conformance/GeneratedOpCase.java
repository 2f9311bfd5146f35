package io.orpheus.conformance;

import io.orpheus.api.Tensor;
import io.orpheus.api.UnsupportedModelException;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.Tolerance;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.op.OperatorSchema;
import io.orpheus.conformance.generators.GeneratedCase;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Session;
import java.util.List;
import java.util.Map;

/**
 * A generated single-node graph run on the backend under test and on the reference backend. The
 * model imports the newest version of the operator that the schema registry implements (at least
 * the generator's minimum), so the node is checked under the semantics models use today.
 */
final class GeneratedOpCase implements ConformanceCase {

    /** Inputs must come back bit-for-bit: kernels may not write into them. */
    private static final Tolerance EXACT = new Tolerance(0, 0);

    private final GeneratedCase spec;

    GeneratedOpCase(GeneratedCase spec) {
        this.spec = spec;
    }

    private static Map<String, Tensor> copies(Map<String, Tensor> inputs) {
        Map<String, Tensor> m = new java.util.LinkedHashMap<>();
        inputs.forEach((k, v) -> m.put(k, v.copy()));
        return m;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public CaseGroup group() {
        return CaseGroup.GENERATED;
    }

    @Override
    public CaseResult run(CaseContext context) {
        long start = System.nanoTime();
        OperatorSchema schema = context.orpheus().schemas().find("", spec.opType());
        if (schema == null) {
            return CaseResult.skipped(name(), group(), "no schema for " + spec.opType(), null);
        }
        int[] versions = schema.sinceVersions();
        int opset = versions.length == 0 ? -1 : versions[versions.length - 1];
        if (opset < spec.minOpset()) {
            return CaseResult.skipped(name(), group(), "the schema implements " + spec.opType() + " up to version "
                    + opset + "; the case is written for version " + spec.minOpset() + " or later", null);
        }
        Model model = new Model("generated:" + spec.name(), 10, Map.of("", (long) opset), "orpheus-conformance", "1",
                1, "", Map.of(), spec.graph(), List.of());
        OrpheusModel loaded;
        try {
            loaded = context.orpheus().load(model);
        } catch (UnsupportedModelException e) {
            return CaseResult.skipped(name(), group(), e.getMessage(), e);
        } catch (Exception | StackOverflowError e) {
            return CaseResult.failed(name(), group(), "load failed: " + Failures.describe(e), System.nanoTime() - start, e);
        }
        Map<String, Tensor> expected;
        try (Session reference = loaded.newSession(context.reference())) {
            expected = reference.run(copies(spec.inputs()));
        } catch (UnsupportedModelException e) {
            return CaseResult.skipped(name(), group(), "the reference backend cannot run it: " + e.getMessage(), e);
        } catch (Exception | StackOverflowError e) {
            // The oracle failing says nothing about another backend, but is the reference's own failure.
            String why = "the reference backend failed on it: " + Failures.describe(e);
            return context.backendId().equals(Backend.REFERENCE_ID)
                    ? CaseResult.failed(name(), group(), why, System.nanoTime() - start, e)
                    : CaseResult.skipped(name(), group(), why, e);
        }
        try (Session session = loaded.newSession(context.underTest())) {
            Tolerance tol = Tolerances.loosest(Tolerances.forGenerated(spec.opType()), context.declaredTolerance(session));
            Map<String, Tensor> fed = copies(spec.inputs());
            Map<String, Tensor> actual = session.run(fed);
            for (Map.Entry<String, Tensor> in : spec.inputs().entrySet()) {
                if (TensorComparator.compare(in.getKey(), fed.get(in.getKey()), in.getValue(), EXACT) != null) {
                    return CaseResult.failed(name(), group(), "the run wrote into its input '" + in.getKey() + "'",
                            System.nanoTime() - start, null);
                }
            }
            for (ValueInfo out : loaded.outputs()) {
                Mismatch m = TensorComparator.compare(out.name(), actual.get(out.name()), expected.get(out.name()), tol);
                if (m != null) {
                    return CaseResult.mismatch(name(), group(), m, System.nanoTime() - start);
                }
            }
            return CaseResult.passed(name(), group(), System.nanoTime() - start);
        } catch (UnsupportedModelException e) {
            return CaseResult.skipped(name(), group(), "backend '" + context.backendId() + "' cannot run it: "
                    + e.getMessage(), e);
        } catch (Exception | StackOverflowError e) {
            return CaseResult.failed(name(), group(), Failures.describe(e), System.nanoTime() - start, e);
        }
    }
}
