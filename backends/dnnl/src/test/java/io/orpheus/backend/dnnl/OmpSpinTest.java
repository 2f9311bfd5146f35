package io.orpheus.backend.dnnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Native;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** OpenMP's idle spin is bounded before oneDNN loads, unless the user chose a policy. */
class OmpSpinTest {

    @Test
    void theUsersChoiceIsLeftAlone() {
        AtomicBoolean set = new AtomicBoolean();
        String d = OmpSpin.decide("ACTIVE", null, false, () -> { set.set(true); return true; });
        assertFalse(set.get());
        assertTrue(d.contains("OMP_WAIT_POLICY=ACTIVE"), d);
        d = OmpSpin.decide(null, "0", false, () -> { set.set(true); return true; });
        assertFalse(set.get());
        assertTrue(d.contains("GOMP_SPINCOUNT=0"), d);
    }

    @Test
    void tooLateOnceLibgompIsLoaded() {
        AtomicBoolean set = new AtomicBoolean();
        String d = OmpSpin.decide(null, null, true, () -> { set.set(true); return true; });
        assertFalse(set.get());
        assertTrue(d.contains("default"), d);
    }

    @Test
    void otherwiseTheBoundIsSet() {
        AtomicBoolean set = new AtomicBoolean();
        String d = OmpSpin.decide(null, null, false, () -> { set.set(true); return true; });
        assertTrue(set.get());
        assertTrue(d.contains("GOMP_SPINCOUNT=" + OmpSpin.SPIN_COUNT), d);
    }

    /** In this JVM nothing loads libgomp before oneDNN, so the bound reaches the C environment libgomp reads. */
    @Test
    void loadingOneDnnLeavesTheBoundInTheEnvironment() {
        DnnlAssumptions.requireDnnl();
        String detail = Dnnl.availability().detail();
        System.out.println("dnnl: " + detail);
        OmpSpin.CLibrary c = Native.load("c", OmpSpin.CLibrary.class);
        if (detail.contains("set by Orpheus")) {
            assertEquals(OmpSpin.SPIN_COUNT, c.getenv("GOMP_SPINCOUNT"));
        } else {
            assertTrue(detail.contains("OpenMP spin: "), detail);
        }
    }
}
