package io.orpheus.bench;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One operator alone as a one-node model. Syntax of the command-line pieces:
 * <ul>
 *   <li>{@code --shape NAME=D0xD1x...} per input, in the operator's input order ({@code x=1x64x56x56});</li>
 *   <li>{@code --attrs k=v,k=v}: {@code v} an integer ({@code group=2}), a float ({@code alpha=0.1}, with
 *       a dot or exponent), an integer list with {@code x} or commas ({@code kernel_shape=3x3},
 *       {@code pads=1,1,1,1}: a comma-separated piece without '=' continues the list before it), a
 *       float list ({@code scales=1.0x2.0}), or else a string ({@code auto_pad=SAME_UPPER}).</li>
 * </ul>
 * For operators with weights (Conv, ConvTranspose, Gemm, MatMul, BatchNormalization, PRelu) the
 * inputs after the first are constants, seeded uniform in [-1, 1) (BatchNormalization's variance in
 * [0.5, 1.5)); for other operators every input is fed at run time.
 *
 * @param op     operator type (default domain)
 * @param inputs input name to shape, in order
 * @param attrs  attributes
 * @param opset  default-domain opset the model imports
 */
public record LayerSpec(String op, Map<String, long[]> inputs, List<Attribute> attrs, long opset) {

    static final Set<String> WEIGHTED = Set.of("Conv", "ConvTranspose", "Gemm", "MatMul", "BatchNormalization", "PRelu");
    public static final String NODE = "layer";
    public static final String OUTPUT = "y";

    public LayerSpec {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("layer-bench needs at least one --shape NAME=D0xD1x...");
        }
        inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        attrs = List.copyOf(attrs);
    }

    public static LayerSpec parse(String op, List<String> shapes, String attrs, long opset) {
        Map<String, long[]> in = new LinkedHashMap<>();
        for (String s : shapes) {
            int eq = s.indexOf('=');
            if (eq <= 0 || eq == s.length() - 1) {
                throw new IllegalArgumentException("--shape takes NAME=D0xD1x..., got '" + s + "'");
            }
            String name = s.substring(0, eq);
            if (in.containsKey(name)) {
                throw new IllegalArgumentException("--shape " + name + " is given twice");
            }
            in.put(name, dims(s.substring(eq + 1), "--shape " + name));
        }
        return new LayerSpec(op, in, parseAttrs(attrs), opset);
    }

    static long[] dims(String text, String what) {
        String[] parts = text.split("[x,]");
        long[] d = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                d[i] = Long.parseLong(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + ": '" + parts[i] + "' in '" + text + "' is not a whole number");
            }
            if (d[i] < 0) {
                throw new IllegalArgumentException(what + ": negative dimension in '" + text + "'");
            }
        }
        return d;
    }

    /** Parses {@code k=v,k=v,...} (see the class comment); null or blank gives none. */
    public static List<Attribute> parseAttrs(String text) {
        List<Attribute> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        List<String[]> pairs = new ArrayList<>();
        for (String piece : text.split(",")) {
            String p = piece.strip();
            int eq = p.indexOf('=');
            if (eq > 0) {
                pairs.add(new String[] {p.substring(0, eq).strip(), p.substring(eq + 1).strip()});
            } else if (!pairs.isEmpty() && !p.isEmpty()) {
                String[] last = pairs.getLast();
                last[1] = last[1] + "," + p;
            } else {
                throw new IllegalArgumentException("--attrs takes k=v,k=v,..., got '" + piece + "' in '" + text + "'");
            }
        }
        for (String[] kv : pairs) {
            out.add(attribute(kv[0], kv[1]));
        }
        return out;
    }

    static Attribute attribute(String name, String v) {
        if (v.isEmpty()) {
            throw new IllegalArgumentException("attribute '" + name + "' has no value");
        }
        boolean list = v.indexOf('x') > 0 && v.matches("[-+0-9.eE]+(x[-+0-9.eE]+)+") || v.contains(",");
        String[] parts = list ? v.split("[x,]") : new String[] {v};
        boolean ints = true;
        boolean numbers = true;
        for (String p : parts) {
            ints &= p.matches("[-+]?\\d+");
            numbers &= p.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
        }
        if (!numbers) {
            if (list) {
                throw new IllegalArgumentException("attribute '" + name + "': list '" + v + "' holds a non-number");
            }
            return Attribute.ofString(name, v);
        }
        if (!list) {
            return ints ? Attribute.ofInt(name, Long.parseLong(v)) : Attribute.ofFloat(name, Float.parseFloat(v));
        }
        if (ints) {
            long[] a = new long[parts.length];
            for (int i = 0; i < a.length; i++) {
                a[i] = Long.parseLong(parts[i]);
            }
            return Attribute.ofInts(name, a);
        }
        float[] a = new float[parts.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = Float.parseFloat(parts[i]);
        }
        return Attribute.ofFloats(name, a);
    }

    /** The one-node model; constants and fed inputs drawn from {@code seed}. */
    public Model model(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Graph.Builder g = Graph.builder().name("layer-bench-" + op);
        int i = 0;
        for (Map.Entry<String, long[]> e : inputs.entrySet()) {
            if (i > 0 && WEIGHTED.contains(op)) {
                Tensor t = ModelSource.randomFloats(e.getValue(), rng);
                if (op.equals("BatchNormalization") && i == 4) {
                    float[] f = t.floats();
                    for (int k = 0; k < f.length; k++) {
                        f[k] = Math.abs(f[k]) + 0.5f;
                    }
                }
                g.addInitializer(e.getKey(), t);
            } else {
                g.addInput(ValueInfo.of(e.getKey(), DataType.FLOAT, e.getValue()));
            }
            i++;
        }
        g.addNode(Node.of(NODE, op, List.copyOf(inputs.keySet()), List.of(OUTPUT), attrs.toArray(Attribute[]::new)));
        g.addOutput(ValueInfo.unknown(OUTPUT));
        return new Model("layer-bench:" + op, 8, Map.of("", opset), "orpheus-bench", Machine.runtimeVersion(), 1,
                "one " + op + " node", Map.of(), g.build(), List.of());
    }

    /** The fed inputs (the first one, or all for operators without weights). */
    public Map<String, Tensor> feeds(long seed) {
        Model m = model(seed);
        SplittableRandom rng = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        Map<String, Tensor> f = new LinkedHashMap<>();
        for (ValueInfo v : m.graph().inputs()) {
            f.put(v.name(), ModelSource.randomFloats(v.concreteShape(), rng));
        }
        return f;
    }

    public String describe() {
        StringBuilder sb = new StringBuilder(op).append('(');
        int i = 0;
        for (Map.Entry<String, long[]> e : inputs.entrySet()) {
            sb.append(i++ > 0 ? ", " : "").append(e.getKey()).append('=');
            long[] d = e.getValue();
            for (int k = 0; k < d.length; k++) {
                sb.append(k > 0 ? "x" : "").append(d[k]);
            }
        }
        for (Attribute a : attrs) {
            sb.append(", ").append(a);
        }
        return sb.append(')').toString();
    }
}
