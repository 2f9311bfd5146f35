package io.orpheus.backend.dnnl;

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

/** How the backend finds oneDNN, says when it cannot, reports what it found, and sets OpenMP's team size. */
class DnnlLoadingTest {

    @Test
    void missingLibraryIsUnavailableWithThePackageAndTheLoaderError() {
        Availability a = Dnnl.availabilityOf(Dnnl.load(List.of("orpheus-no-such-dnnl")));
        System.out.println("without the library: " + a.detail());
        assertFalse(a.available());
        assertTrue(a.detail().startsWith(Dnnl.PACKAGE_HINT), a.detail());
        assertTrue(a.detail().contains("orpheus-no-such-dnnl"), "the loader's error is appended: " + a.detail());
    }

    @Test
    void installedLibraryReportsPathVersionAndIsa() {
        DnnlAssumptions.requireDnnl();
        Availability a = new DnnlBackend().availability();
        System.out.println("dnnl availability: " + a.detail());
        assertTrue(a.detail().contains("libdnnl"), a.detail());
        assertTrue(a.detail().matches(".*oneDNN \\d+\\.\\d+\\.\\d+ \\(.*\\).*"), a.detail());
        assertTrue(a.detail().contains("ISA " + Dnnl.get().isa()), a.detail());
        assertTrue(new DnnlBackend().version().contains(Dnnl.get().version()));
        assertEquals(19, new DnnlBackend().implementations().size());
    }

    @Test
    void openMpTeamSizeIsPerCallingThread() throws Exception {
        DnnlAssumptions.requireDnnl();
        Dnnl dnnl = Dnnl.get();
        if (dnnl.threads() < 0) {
            System.out.println("oneDNN here is not built on OpenMP; nothing to set");
            return;
        }
        dnnl.useThreads(3);
        assertEquals(3, dnnl.threads());
        int[] other = new int[1];
        Thread t = new Thread(() -> {
            dnnl.useThreads(1);
            other[0] = dnnl.threads();
        });
        t.start();
        t.join();
        assertEquals(1, other[0]);
        assertEquals(3, dnnl.threads(), "another thread's setting does not change this one's");
    }

    @Test
    void resultsAgreeAcrossThreadCountsAndDetailNamesThePrimitive() {
        DnnlAssumptions.requireDnnl();
        SplittableRandom r = new SplittableRandom(4);
        SingleNode node = new SingleNode("Conv", "").input(SingleNode.random(r, 2, 16, 12, 12))
                .constant(SingleNode.random(r, 32, 16, 3, 3));
        OrpheusModel model = node.model();
        Tensor previous = null;
        for (int threads : new int[] {1, 2}) {
            try (Session s = model.newSession(SessionOptions.defaults().passes("none").backends("dnnl")
                    .threads(threads))) {
                Tensor out = s.run(node.feeds()).get("out");
                assertEquals(2 * 32 * 10 * 10, out.size());
                if (previous != null) {
                    SingleNode.compare(out, previous, new io.orpheus.api.backend.Tolerance(1e-5, 1e-5), "threads");
                }
                previous = out;
                String detail = s.plan().steps().get(0).detail();
                System.out.println("conv detail: " + detail);
                assertTrue(detail.contains("conv=") && detail.contains("ISA "), detail);
            }
        }
    }
}
