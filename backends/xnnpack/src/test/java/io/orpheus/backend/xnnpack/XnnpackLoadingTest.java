package io.orpheus.backend.xnnpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Availability;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the backend finds XNNPACK, says when it cannot, reports what it found, and shares thread pools. */
class XnnpackLoadingTest {

    @Test
    void missingLibraryIsUnavailableWithThePackageAndTheLoaderError() {
        Availability a = Xnnpack.availabilityOf(Xnnpack.load(List.of("orpheus-no-such-xnnpack"), Xnnpack.POOL_NAMES));
        System.out.println("without the library: " + a.detail());
        assertFalse(a.available());
        assertTrue(a.detail().startsWith(Xnnpack.PACKAGE_HINT), a.detail());
        assertTrue(a.detail().contains("orpheus-no-such-xnnpack"), "the loader's error is appended: " + a.detail());
    }

    @Test
    void missingThreadPoolLibraryNamesItsPackage() {
        Availability a = Xnnpack.availabilityOf(Xnnpack.load(Xnnpack.NAMES, List.of("orpheus-no-such-pool")));
        assertFalse(a.available());
        // with XNNPACK installed only the pool is missing; without it, its package brings both
        String hint = Xnnpack.availability().available() ? Xnnpack.POOL_HINT : Xnnpack.PACKAGE_HINT;
        assertTrue(a.detail().startsWith(hint), a.detail());
        assertTrue(a.detail().contains("orpheus-no-such-pool"), "the pool loader's error is appended: " + a.detail());
    }

    @Test
    void runtimePackageSonamesAloneSuffice() {
        XnnpackAssumptions.requireXnnpack();
        // CI has libxnnpack0 without -dev: no unversioned libXNNPACK.so symlink to find by the short name
        Availability a = Xnnpack.availabilityOf(Xnnpack.load(List.of("libXNNPACK.so.0"),
                List.of("libpthreadpool.so.0")));
        assertTrue(a.available(), a.detail());
        assertTrue(a.detail().contains("libXNNPACK.so.0"), a.detail());
    }

    @Test
    void debianVersionIsReadFromTheStatusFile(@TempDir Path dir) throws IOException {
        Path status = dir.resolve("status");
        Files.writeString(status, "Package: libfoo\nVersion: 1\n\nPackage: libxnnpack0\nStatus: install ok installed\n"
                + "Version: 0.0~git20220216.ae108ef-2\n\n");
        assertEquals("libxnnpack0 0.0~git20220216.ae108ef-2", Xnnpack.debianVersion(status, "libxnnpack0"));
        assertTrue(Xnnpack.debianVersion(dir.resolve("absent"), "libxnnpack0").contains("unknown"));
    }

    @Test
    void installedLibraryReportsPathVersionAndInitialisation() {
        XnnpackAssumptions.requireXnnpack();
        Availability a = new XnnpackBackend().availability();
        System.out.println("xnnpack availability: " + a.detail());
        assertTrue(a.detail().contains("libXNNPACK"), a.detail());
        assertTrue(a.detail().contains("xnn_initialize: success"), a.detail());
        assertTrue(new XnnpackBackend().implementations().size() >= 20);
    }

    @Test
    void sessionsOfTheSameThreadCountShareOnePoolAndTheLastCloseDestroysIt() {
        XnnpackAssumptions.requireXnnpack();
        SplittableRandom r = new SplittableRandom(4);
        SingleNode node = new SingleNode("MatMul", "").input(SingleNode.random(r, 64, 64))
                .constant(SingleNode.random(r, 64, 64));
        OrpheusModel model = node.model();
        SessionOptions three = SessionOptions.defaults().passes("none").backends("xnnpack").threads(3);
        int before = Xnnpack.get().threadPools().live();
        try (Session a = model.newSession(three); Session b = model.newSession(three)) {
            assertEquals(before + 1, Xnnpack.get().threadPools().live());
            Tensor out = a.run(node.feeds()).get("out");
            b.run(node.feeds());
            assertEquals(64 * 64, out.size());
            String detail = a.plan().steps().get(0).detail();
            System.out.println("matmul detail: " + detail);
            assertTrue(detail.contains("pthreadpool of 3") && detail.contains("heap<->native copies"), detail);
        }
        assertEquals(before, Xnnpack.get().threadPools().live());
    }
}
