package io.orpheus.bench;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.zoo.Zoo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a benchmark runs: a model file, or {@code zoo:NAME}, which builds the zoo network and writes it
 * to a temporary ONNX file so that every engine reads the very same file.
 *
 * @param spec  as the user gave it
 * @param name  a short name for reports
 * @param file  the ONNX file
 * @param zoo   the zoo network name, or null for a file
 * @param temporary whether {@link #file} was written for this run (and is deleted by {@link #cleanUp})
 */
public record ModelSource(String spec, String name, Path file, String zoo, boolean temporary) {

    public static final String ZOO_PREFIX = "zoo:";

    public static ModelSource resolve(String spec, long seed) throws IOException {
        if (spec.startsWith(ZOO_PREFIX)) {
            String net = spec.substring(ZOO_PREFIX.length());
            if (!Zoo.names().contains(net)) {
                throw new IllegalArgumentException("unknown zoo network '" + net + "'; valid names: "
                        + String.join(", ", Zoo.names()));
            }
            Path f = Files.createTempFile("orpheus-bench-" + net + "-", ".onnx");
            Zoo.write(net, f, seed);
            return new ModelSource(spec, net, f, net, true);
        }
        Path f = Path.of(spec);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException("no model file '" + spec + "' (give a .onnx file or zoo:NAME, NAME one of "
                    + String.join(", ", Zoo.names()) + ")");
        }
        String n = f.getFileName().toString();
        return new ModelSource(spec, n.endsWith(".onnx") ? n.substring(0, n.length() - 5) : n, f, null, false);
    }

    /**
     * The inputs: the zoo's sample input for a zoo network, else seeded uniform [-1, 1) floats per
     * input (symbolic dimensions taken as 1).
     */
    public Map<String, Tensor> inputs(OrpheusModel model, long seed) {
        Map<String, Tensor> in = new LinkedHashMap<>();
        if (zoo != null) {
            in.put(Zoo.INPUT_NAME, Zoo.sampleInput(zoo, seed));
            return in;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (ValueInfo v : model.inputs()) {
            if (v.dtype() != DataType.FLOAT) {
                throw new IllegalArgumentException("input '" + v.name() + "' is " + v.dtype()
                        + ": the benchmark generates float inputs only");
            }
            in.put(v.name(), randomFloats(shapeOf(v), rng));
        }
        return in;
    }

    static long[] shapeOf(ValueInfo v) {
        if (!v.hasRank()) {
            throw new IllegalArgumentException("input '" + v.name() + "' has no known rank: cannot make an input for it");
        }
        List<Dim> dims = v.shape();
        long[] s = new long[dims.size()];
        for (int i = 0; i < s.length; i++) {
            Dim d = dims.get(i);
            s[i] = d.isKnown() ? d.value() : 1;
        }
        return s;
    }

    static Tensor randomFloats(long[] shape, SplittableRandom rng) {
        float[] data = new float[Tensor.checkedSize(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return Tensor.of(data, shape);
    }

    /** SHA-256 of the model file, hex: ties a tuning record to the model it was made on. */
    public String sha256() throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
    }

    public void cleanUp() {
        if (temporary) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A temp file left behind is harmless; the result matters more than the clean-up.
            }
        }
    }
}
