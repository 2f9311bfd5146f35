package io.orpheus.backend.reference.fused;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.backend.reference.ReferenceOp;
import io.orpheus.backend.reference.nn.NnOps;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fused node of domain io.orpheus computed as the steps it fuses, each by the reference kernel of the
 * standard operator: the linear operator (Conv or Gemm) with its bias, then the residual input added
 * elementwise (FusedConv's Z, of the output's exact shape), then the activation.
 */
final class FusedOp extends ReferenceOp {

    static final String DOMAIN = "io.orpheus";
    private static final String ACTIVATION = "activation";
    private static final String ACTIVATION_ALPHA = "activation_alpha";

    private final String linearOp;
    private final int linearVersion;
    private final int residualInput;

    /**
     * @param residualInput index of the residual input, or -1 when the operator has none
     */
    FusedOp(String opType, String linearOp, int linearVersion, int residualInput) {
        super(opType);
        this.linearOp = linearOp;
        this.linearVersion = linearVersion;
        this.residualInput = residualInput;
    }

    @Override
    public String domain() {
        return DOMAIN;
    }

    @Override
    public Support supports(NodeContext node) {
        ValueInfo in = node.inputCount() > 0 ? node.inputType(0) : null;
        if (in != null && in.dtype() != null && in.dtype() != DataType.FLOAT) {
            return Support.no("element type " + in.dtype() + " is not FLOAT");
        }
        try {
            activationNode(node.node());
        } catch (IllegalArgumentException e) {
            return Support.no(e.getMessage());
        }
        return Support.yes();
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        Node fused = node.node();
        int linearInputs = Math.min(node.inputCount(), residualInput < 0 ? node.inputCount() : residualInput);
        Node linear = new Node(fused.name(), linearOp, "", fused.inputs().subList(0, linearInputs), fused.outputs(),
                withoutActivation(fused), fused.doc());
        Kernel linearKernel = implementation(linearOp).prepare(new NodeView(node, linear, linearVersion, linearInputs, true));
        Node act = activationNode(fused);
        Kernel actKernel = act == null ? null
                : implementation(act.opType()).prepare(new NodeView(node, act, activationVersion(act), 1, false));
        boolean hasResidual = residualInput >= 0 && fused.hasInput(residualInput);
        int residual = residualInput;
        return new Kernel() {
            @Override
            public void run(KernelContext ctx) {
                Tensor[] in = new Tensor[linearInputs];
                for (int i = 0; i < linearInputs; i++) {
                    in[i] = ctx.input(i);
                }
                StepContext first = new StepContext(ctx, in, !hasResidual && actKernel == null);
                linearKernel.run(first);
                Tensor y = first.result();
                if (hasResidual) {
                    addResidual(node, y, ctx.input(residual));
                    if (actKernel == null) {
                        ctx.setOutput(0, y);
                    }
                }
                if (actKernel != null) {
                    actKernel.run(new StepContext(ctx, new Tensor[] {y}, true));
                }
            }

            @Override
            public void close() {
                linearKernel.close();
                if (actKernel != null) {
                    actKernel.close();
                }
            }
        };
    }

    private void addResidual(NodeContext node, Tensor y, Tensor z) {
        if (z == null) {
            return;
        }
        if (!Arrays.equals(y.shape(), z.shape())) {
            throw fail(node, "residual Z " + Arrays.toString(z.shape())
                    + " does not have the output's shape " + Arrays.toString(y.shape()));
        }
        Tensor zh = z.toHeap();
        if (y.dtype() == DataType.FLOAT && zh.dtype() == DataType.FLOAT) {
            float[] yv = y.floats();
            float[] zv = zh.floats();
            for (int i = 0; i < yv.length; i++) {
                yv[i] += zv[i];
            }
        } else {
            for (int i = 0; i < y.size(); i++) {
                y.setDouble(i, y.getDouble(i) + zh.getDouble(i));
            }
        }
    }

    private static Map<String, Attribute> withoutActivation(Node fused) {
        Map<String, Attribute> m = new LinkedHashMap<>(fused.attributes());
        m.remove(ACTIVATION);
        m.remove(ACTIVATION_ALPHA);
        return m;
    }

    /** The standard node applying the fused activation, or null for none. */
    static Node activationNode(Node fused) {
        String act = fused.attrString(ACTIVATION, "");
        String name = fused.name() + "__" + act.toLowerCase(java.util.Locale.ROOT);
        List<String> in = List.of("x");
        List<String> out = List.of("y");
        return switch (act) {
            case "" -> null;
            case "Relu", "Sigmoid", "HardSwish" -> Node.of(name, act, in, out);
            case "LeakyRelu" -> Node.of(name, act, in, out,
                    Attribute.ofFloat("alpha", fused.attrFloat(ACTIVATION_ALPHA, 0.01f)));
            // Clip before opset 11 takes its bounds as attributes, so no constant inputs are needed.
            case "Relu6" -> Node.of(name, "Clip", in, out, Attribute.ofFloat("min", 0f), Attribute.ofFloat("max", 6f));
            default -> throw new IllegalArgumentException("activation '" + act + "' of " + fused.name()
                    + " is not one of \"\", Relu, Relu6, LeakyRelu, HardSwish, Sigmoid");
        };
    }

    private static int activationVersion(Node act) {
        return switch (act.opType()) {
            case "Clip" -> 6;
            case "HardSwish" -> 14;
            default -> 6;
        };
    }

    private static OpImplementation implementation(String opType) {
        for (OpImplementation impl : NnOps.all()) {
            if (impl.opType().equals(opType) && impl.domain().isEmpty()) {
                return impl;
            }
        }
        throw new IllegalStateException("the reference backend has no " + opType + " to compose");
    }
}
