package io.orpheus.backend.xnnpack;

import io.orpheus.api.backend.Availability;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.OpImplementation;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * XNNPACK's operator API behind Conv/FusedConv, Gemm/MatMul, the poolings, Softmax, the element-wise
 * activations and the broadcasting binary operators. The library is the system's ({@code libxnnpack0} and
 * {@code libpthreadpool0} on Debian), loaded through JNA and initialised the first time anything here asks
 * for it; without it the backend is unavailable, offers nothing, and says which package to install.
 */
@Component(service = Backend.class, property = {
    Backend.PROP_ID + "=" + XnnpackBackend.ID,
    "service.ranking:Integer=6"})
public final class XnnpackBackend implements Backend {

    public static final String ID = "xnnpack";

    private static final List<OpImplementation> IMPLEMENTATIONS = implementations0();

    private static List<OpImplementation> implementations0() {
        List<OpImplementation> all = new ArrayList<>(List.of(
                new ConvImplementation(false),
                new ConvImplementation(true),
                FullyConnectedImplementation.gemm(),
                FullyConnectedImplementation.matMul(),
                PoolImplementation.maxPool(),
                PoolImplementation.averagePool(),
                new GlobalAveragePoolImplementation(),
                new SoftmaxImplementation()));
        all.addAll(ElementwiseImplementation.all());
        all.addAll(BinaryImplementation.all());
        return List.copyOf(all);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        Availability a = availability();
        return a.available() ? "1.0.0 (XNNPACK from " + Xnnpack.get().packageVersion() + ")" : "1.0.0";
    }

    @Override
    public Availability availability() {
        return Xnnpack.availability();
    }

    @Override
    public List<OpImplementation> implementations() {
        return availability().available() ? IMPLEMENTATIONS : List.of();
    }

    @Override
    public String description() {
        return "XNNPACK operators through JNA: Conv/FusedConv, Gemm/MatMul, MaxPool/AveragePool/GlobalAveragePool, "
                + "Softmax, Relu/Clip/Sigmoid/HardSwish/LeakyRelu/Elu and other unary operators, Add/Sub/Mul/Div/Max/Min";
    }
}
