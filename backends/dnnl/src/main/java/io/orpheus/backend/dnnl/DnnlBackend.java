package io.orpheus.backend.dnnl;

import io.orpheus.api.backend.Availability;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.graph.Node;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * oneDNN (Intel's deep-learning primitives library) behind convolution, Gemm/MatMul, pooling, batch
 * normalization, eltwise, binary, Concat and Softmax. The library is the system's ({@code libdnnl2} on
 * Debian), loaded through JNA the first time anything here asks for it; without it the backend is
 * unavailable, offers nothing, and says which package to install. Each backend instance makes one CPU
 * engine, on first use, that its kernels share.
 */
@Component(service = Backend.class, property = {
    Backend.PROP_ID + "=" + DnnlBackend.ID,
    "service.ranking:Integer=6"})
public final class DnnlBackend implements Backend {

    public static final String ID = "dnnl";

    private final List<OpImplementation> implementations = List.of(
            new ConvImplementation(this, false),
            new ConvImplementation(this, true),
            new MatMulImplementation(this, false),
            new MatMulImplementation(this, true),
            new PoolImplementation(this, PoolImplementation.Kind.MAX),
            new PoolImplementation(this, PoolImplementation.Kind.AVERAGE),
            new PoolImplementation(this, PoolImplementation.Kind.GLOBAL_AVERAGE),
            new BatchNormImplementation(this),
            new EltwiseImplementation(this, EltwiseImplementation.Op.RELU),
            new EltwiseImplementation(this, EltwiseImplementation.Op.SIGMOID),
            new EltwiseImplementation(this, EltwiseImplementation.Op.TANH),
            new EltwiseImplementation(this, EltwiseImplementation.Op.CLIP),
            new EltwiseImplementation(this, EltwiseImplementation.Op.LEAKY_RELU),
            new EltwiseImplementation(this, EltwiseImplementation.Op.ELU),
            new EltwiseImplementation(this, EltwiseImplementation.Op.HARD_SWISH),
            new BinaryImplementation(this, true),
            new BinaryImplementation(this, false),
            new ConcatImplementation(this),
            new SoftmaxImplementation(this));

    private DnnlEngine engine;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return availability().available() ? "1.0.0 (oneDNN " + Dnnl.get().version() + ")" : "1.0.0";
    }

    @Override
    public Availability availability() {
        return Dnnl.availability();
    }

    @Override
    public List<OpImplementation> implementations() {
        return availability().available() ? implementations : List.of();
    }

    @Override
    public String description() {
        return "oneDNN primitives through JNA: Conv/FusedConv (post-ops), Gemm, MatMul, MaxPool, AveragePool, "
                + "GlobalAveragePool, BatchNormalization, Relu, Sigmoid, Tanh, Clip, LeakyRelu, Elu, HardSwish, Add, Mul, "
                + "Concat, Softmax";
    }

    /** This backend's engine, made on first use; a kernel exception naming the node when oneDNN is absent. */
    synchronized DnnlEngine engine(Node node, String implementation) {
        if (engine == null) {
            try {
                engine = new DnnlEngine(Dnnl.get());
            } catch (IllegalStateException | DnnlException e) {
                throw new KernelException(node, implementation, e.getMessage(), e);
            }
        }
        return engine;
    }
}
