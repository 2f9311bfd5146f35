package io.orpheus.operators;

import io.orpheus.api.op.InferenceContext;
import io.orpheus.api.op.OperatorSchema;
import io.orpheus.api.op.Signature;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * An operator schema of the default ONNX domain, described by a version table, a signature per
 * since-version and an inference rule. The families ({@link ElementwiseSchemas}, ...) build one of
 * these per operator.
 *
 * <p>Implemented versions are those a model importing opset 7 or later can resolve to: every
 * since-version from 7 on plus the newest one below 7. Older versions (with legacy attributes such as
 * {@code consumed_inputs}) and deprecated ones stay in {@link #allVersions()} only, so a model that
 * resolves to them is refused rather than run with another version's semantics.
 */
final class OpSchema implements OperatorSchema {

    /** The oldest opset this bundle supports models for. */
    static final int OLDEST_OPSET = 7;

    /** Output types of one node. */
    @FunctionalInterface
    interface Inference {
        void infer(InferenceContext ctx);
    }

    private final String opType;
    private final int[] allVersions;
    private final int[] sinceVersions;
    private final IntFunction<Signature> signatures;
    private final Inference inference;
    private final Signature[] cache;

    private OpSchema(String opType, int[] allVersions, int deprecatedFrom, IntFunction<Signature> signatures,
                     Inference inference) {
        this.opType = opType;
        this.allVersions = allVersions.clone();
        this.sinceVersions = implemented(this.allVersions, deprecatedFrom);
        this.signatures = signatures;
        this.inference = inference;
        this.cache = new Signature[this.sinceVersions.length];
        for (int i = 0; i < this.sinceVersions.length; i++) {
            cache[i] = Objects.requireNonNull(signatures.apply(sinceVersions[i]),
                    () -> opType + " has no signature for its version");
        }
    }

    private static int[] implemented(int[] all, int deprecatedFrom) {
        int newestBelow = -1;
        for (int v : all) {
            if (v <= OLDEST_OPSET) {
                newestBelow = v;
            }
        }
        final int floor = newestBelow;
        return Arrays.stream(all).filter(v -> (v >= OLDEST_OPSET || v == floor) && v < deprecatedFrom).toArray();
    }

    static Builder op(String opType) {
        return new Builder(opType);
    }

    @Override
    public String domain() {
        return "";
    }

    @Override
    public String opType() {
        return opType;
    }

    @Override
    public int[] sinceVersions() {
        return sinceVersions.clone();
    }

    @Override
    public int[] allVersions() {
        return allVersions.clone();
    }

    @Override
    public Signature signature(int version) {
        int i = Arrays.binarySearch(sinceVersions, version);
        if (i < 0) {
            throw new IllegalArgumentException(opType + " has no implemented since-version " + version
                    + " (implemented: " + Arrays.toString(sinceVersions) + ")");
        }
        return cache[i];
    }

    @Override
    public void inferTypes(InferenceContext ctx) {
        inference.infer(ctx);
    }

    @Override
    public String toString() {
        return opType + Arrays.toString(sinceVersions);
    }

    /** Collects the parts of a schema. */
    static final class Builder {
        private final String opType;
        private int[] versions;
        private int deprecatedFrom = Integer.MAX_VALUE;
        private IntFunction<Signature> signatures;
        private Inference inference;

        private Builder(String opType) {
            this.opType = opType;
        }

        /** Every since-version ONNX defines for the operator. */
        Builder versions(int... all) {
            this.versions = all.clone();
            return this;
        }

        /** Since-versions from {@code v} on mark the operator deprecated (no semantics to implement). */
        Builder deprecatedFrom(int v) {
            this.deprecatedFrom = v;
            return this;
        }

        Builder signature(IntFunction<Signature> bySinceVersion) {
            this.signatures = bySinceVersion;
            return this;
        }

        Builder infer(Inference rule) {
            this.inference = rule;
            return this;
        }

        OpSchema build() {
            return new OpSchema(opType, Objects.requireNonNull(versions, "versions"), deprecatedFrom,
                    Objects.requireNonNull(signatures, "signature"), Objects.requireNonNull(inference, "infer"));
        }
    }
}
