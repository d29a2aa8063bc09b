package io.syncmesh.sync.apply;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** One transaction of the apply path took longer than its bound; transient, so the batch is tried again. */
public final class ApplyAttemptTimedOut extends TimeoutException {

    private static final long serialVersionUID = 1L;

    public ApplyAttemptTimedOut(Duration bound) {
        super("apply attempt took longer than " + bound.toMillis() + " ms");
    }
}
