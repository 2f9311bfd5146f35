package io.orpheus.backend.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Availability;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** How the backend finds OpenBLAS, says when it cannot, and hands OpenBLAS the session's thread count. */
class OpenBlasLoadingTest {

    @Test
    void missingLibraryIsUnavailableWithThePackageAndTheLoaderError() {
        Availability a = OpenBlas.availabilityOf(OpenBlas.load(List.of("orpheus-no-such-blas")));
        System.out.println("without the library: " + a.detail());
        assertFalse(a.available());
        assertTrue(a.detail().startsWith(OpenBlas.PACKAGE_HINT), a.detail());
        assertTrue(a.detail().contains("orpheus-no-such-blas"), "the loader's error is appended: " + a.detail());
    }

    @Test
    void installedLibraryReportsPathConfigAndCore() {
        BlasAssumptions.requireOpenBlas();
        Availability a = new BlasBackend().availability();
        System.out.println("blas availability: " + a.detail());
        assertTrue(a.detail().contains("libopenblas"), a.detail());
        assertTrue(a.detail().contains("OpenBLAS"), a.detail());
        assertTrue(a.detail().contains("core " + OpenBlas.get().coreName()), a.detail());
        assertEquals(6, new BlasBackend().implementations().size());
    }

    @Test
    void openBlasThreadsFollowTheSession() {
        BlasAssumptions.requireOpenBlas();
        SplittableRandom r = new SplittableRandom(4);
        SingleNode node = new SingleNode("MatMul", "").input(SingleNode.random(r, 64, 64))
                .constant(SingleNode.random(r, 64, 64));
        OrpheusModel model = node.model();
        for (int threads : new int[] {2, 1}) {
            try (Session s = model.newSession(SessionOptions.defaults().passes("none").backends("blas")
                    .threads(threads))) {
                Tensor out = s.run(node.feeds()).get("out");
                assertEquals(64 * 64, out.size());
                assertEquals(threads, OpenBlas.get().threads(), "OpenBLAS threads after a run with " + threads);
                String detail = s.plan().steps().get(0).detail();
                assertTrue(detail.contains("sgemm"), detail);
            }
        }
    }
}
