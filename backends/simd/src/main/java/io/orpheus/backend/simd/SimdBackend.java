package io.orpheus.backend.simd;

import io.orpheus.api.backend.Availability;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.backend.simd.conv.ConvOps;
import io.orpheus.backend.simd.nchwc.NchwcOps;
import io.orpheus.backend.simd.nn.NnOps;
import io.orpheus.backend.simd.tensor.TensorOps;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * The Vector API backend: GEMM with packed constant operands and a register-blocked micro-kernel,
 * several convolution algorithms (each its own implementation, so they can be chosen and compared),
 * vectorised elementwise, pooling and normalisation kernels, all spread over the session's workers.
 * In the container it is a DS component ranked above the reference (service.ranking 100), which
 * breaks ties between implementations of equal priority; embedded, {@code META-INF/services} finds it.
 */
@Component(service = Backend.class, property = {
        Backend.PROP_ID + "=" + SimdBackend.ID,
        "service.ranking:Integer=100"})
public final class SimdBackend implements Backend {

    public static final String ID = "simd";

    private final List<OpImplementation> implementations;
    private final Availability availability;

    public SimdBackend() {
        List<OpImplementation> all = new ArrayList<>();
        Availability found;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            this.availability = Availability.unavailable("jdk.incubator.vector is not in the boot layer: start the "
                    + "JVM with --add-modules jdk.incubator.vector");
            this.implementations = List.of();
            return;
        }
        try {
            found = Availability.available("jdk.incubator.vector, " + Vectors.F.vectorBitSize()
                    + "-bit float vectors (" + Vectors.LANES + " lanes)");
            all.addAll(ConvOps.all());
            all.addAll(NnOps.all());
            all.addAll(TensorOps.all());
            all.addAll(NchwcOps.all());
        } catch (LinkageError e) {
            found = Availability.unavailable("the Vector API kernels failed to load: " + e);
            all.clear();
        }
        this.availability = found;
        this.implementations = List.copyOf(all);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return "0.1.0";
    }

    @Override
    public Availability availability() {
        return availability;
    }

    @Override
    public List<OpImplementation> implementations() {
        return implementations;
    }

    @Override
    public String description() {
        return "Vector API kernels, several algorithms per operator, multithreaded";
    }
}
