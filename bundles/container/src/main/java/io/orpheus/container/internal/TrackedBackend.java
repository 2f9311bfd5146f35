package io.orpheus.container.internal;

import io.orpheus.api.backend.Backend;
import io.orpheus.container.BackendStatus;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One bound backend service: its decision (what the gate admits of it) and its admission attempts.
 * Every new admission takes a new attempt number; an attempt that is no longer the latest (the
 * backend was unbound, rebound, or admitted again meanwhile) stops before its next case and its
 * result is dropped.
 */
final class TrackedBackend {

    final Backend backend;
    final String bundle;
    private volatile int ranking;
    private volatile Decision decision;
    private volatile boolean forgotten;
    private final AtomicLong attempt = new AtomicLong();
    /** Held while an admission of this backend runs its cases. */
    private final ReentrantLock admitting = new ReentrantLock();

    TrackedBackend(Backend backend, int ranking, String bundle, Decision initial) {
        this.backend = backend;
        this.ranking = ranking;
        this.bundle = bundle;
        this.decision = initial;
    }

    String id() {
        return backend.id();
    }

    int ranking() {
        return ranking;
    }

    void ranking(int r) {
        this.ranking = r;
    }

    Decision decision() {
        return decision;
    }

    void decide(Decision d) {
        this.decision = d;
    }

    /** Starts a new admission attempt, superseding any earlier one; returns its number. */
    long nextAttempt() {
        return attempt.incrementAndGet();
    }

    /** Whether attempt {@code a} is still the one that counts. */
    boolean isCurrent(long a) {
        return !forgotten && attempt.get() == a;
    }

    /** The backend went away: whatever admission is queued or running gives up. */
    void forget() {
        forgotten = true;
        attempt.incrementAndGet();
    }

    ReentrantLock admitting() {
        return admitting;
    }

    /**
     * Waits until an admission running on another thread has stopped (it stops before its next case
     * once superseded), so that none of the backend's kernels still runs when its bundle stops.
     */
    void awaitAdmissionStopped(long seconds) {
        if (admitting.isHeldByCurrentThread()) {
            return;
        }
        try {
            if (admitting.tryLock(seconds, TimeUnit.SECONDS)) {
                admitting.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    BackendStatus status() {
        Decision d = decision;
        return new BackendStatus(backend.id(), backend.version(), bundle, ranking, d.state(), d.reason(), d.report());
    }
}
