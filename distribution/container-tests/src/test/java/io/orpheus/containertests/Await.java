package io.orpheus.containertests;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/** Bounded waits: every wait in these tests ends, with a message saying what never happened. */
final class Await {

    private static final long POLL_MILLIS = 50;

    private Await() {
    }

    /** Polls {@code condition} until it holds; fails after {@code limit} with {@code what} and the last state. */
    static void until(Duration limit, String what, BooleanSupplier condition, Supplier<String> lastState) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("after " + limit.toSeconds() + " s: " + what + " did not happen; last state: "
                        + lastState.get());
            }
            sleep(POLL_MILLIS);
        }
    }

    /** The service of that type, waiting at most {@code limit} for it to appear. */
    static <T> T service(BundleContext context, Class<T> type, Duration limit) {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        try {
            T s = tracker.waitForService(limit.toMillis());
            if (s == null) {
                throw new AssertionError("no " + type.getName() + " service within " + limit.toSeconds() + " s");
            }
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + type.getName(), e);
        } finally {
            // The service object stays usable; the tests look it up again whenever they need it fresh.
            tracker.close();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
