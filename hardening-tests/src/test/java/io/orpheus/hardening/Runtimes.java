package io.orpheus.hardening;

import io.orpheus.api.backend.Backend;
import io.orpheus.api.model.ModelImporter;
import io.orpheus.api.op.OperatorSet;
import io.orpheus.api.pass.GraphPass;
import io.orpheus.runtime.Orpheus;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Runtimes with an explicit choice of backends: the importers, operator sets and passes found on the
 * class path, and only the backends a test names (the simd backend is on this module's class path
 * too, so a plain service-loaded runtime would mix it in).
 */
final class Runtimes {

    private Runtimes() {
    }

    /** The backend with this id found on the class path, or null when absent or unavailable here. */
    static Backend classPathBackend(String id) {
        for (Backend b : ServiceLoader.load(Backend.class, Runtimes.class.getClassLoader())) {
            if (b.id().equals(id)) {
                return b.availability().available() ? b : null;
            }
        }
        return null;
    }

    static Backend reference() {
        Backend b = classPathBackend(Backend.REFERENCE_ID);
        if (b == null) {
            throw new IllegalStateException("the reference backend is not on the class path");
        }
        return b;
    }

    /** A runtime with exactly these backends (ranking 0, in order). */
    static Orpheus with(List<Backend> backends) {
        Orpheus.Builder b = Orpheus.builder().serviceLoader(false);
        ClassLoader cl = Runtimes.class.getClassLoader();
        ServiceLoader.load(ModelImporter.class, cl).forEach(b::addImporter);
        ServiceLoader.load(OperatorSet.class, cl).forEach(b::addOperatorSet);
        ServiceLoader.load(GraphPass.class, cl).forEach(b::addPass);
        for (Backend backend : backends) {
            b.addBackend(backend);
        }
        return b.build();
    }

    static Orpheus with(Backend... backends) {
        return with(List.of(backends));
    }
}
