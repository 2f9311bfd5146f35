package io.orpheus.backend.blas;

import io.orpheus.api.backend.Availability;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.OpImplementation;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * OpenBLAS's {@code cblas_sgemm} behind Gemm, MatMul and convolution, so that a BLAS convolution can be
 * compared with Orpheus's own, layer by layer. The library is the system's ({@code libopenblas0-pthread}
 * on Debian), loaded through JNA the first time anything here asks for it; without it the backend is
 * unavailable, offers nothing, and says which package to install.
 */
@Component(service = Backend.class, property = {
    Backend.PROP_ID + "=" + BlasBackend.ID,
    "service.ranking:Integer=5"})
public final class BlasBackend implements Backend {

    public static final String ID = "blas";

    private static final List<OpImplementation> IMPLEMENTATIONS = List.of(
            new GemmImplementation(),
            new MatMulImplementation(),
            new ConvImplementation(false, ConvImplementation.Algorithm.POINTWISE),
            new ConvImplementation(false, ConvImplementation.Algorithm.IM2COL),
            new ConvImplementation(true, ConvImplementation.Algorithm.POINTWISE),
            new ConvImplementation(true, ConvImplementation.Algorithm.IM2COL));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        Availability a = availability();
        return a.available() ? "1.0.0 (" + OpenBlas.get().config() + ")" : "1.0.0";
    }

    @Override
    public Availability availability() {
        return OpenBlas.availability();
    }

    @Override
    public List<OpImplementation> implementations() {
        return availability().available() ? IMPLEMENTATIONS : List.of();
    }

    @Override
    public String description() {
        return "OpenBLAS cblas_sgemm through JNA: Gemm, MatMul, Conv/FusedConv (1x1 and im2col)";
    }
}
