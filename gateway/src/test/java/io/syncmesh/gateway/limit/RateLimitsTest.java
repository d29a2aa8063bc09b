package io.syncmesh.gateway.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.syncmesh.gateway.limit.RateLimits.Limit;
import io.syncmesh.support.web.ProblemException;

class RateLimitsTest {

    private final AtomicLong clock = new AtomicLong();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RateLimits limits = new RateLimits(new Limit(1, 3), new Limit(10, 5), clock::get, registry);

    @Test
    void aDeviceOverItsLimitGets429WithRetryAfterWhileItsNeighboursGoOn() {
        for (int i = 0; i < 3; i++) {
            limits.admit("t1", "noisy");
        }

        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> limits.admit("t1", "noisy"));

        assertThat(refused.problem().status()).isEqualTo(429);
        assertThat(refused.problem().type()).endsWith("/too-many-requests");
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        limits.admit("t1", "quiet");
        limits.admit("t2", "other");
        assertThat(registry.counter("syncmesh_gateway_rate_limited", "scope", "device").count()).isEqualTo(1);
    }

    @Test
    void aTenantOverItsLimitIsRefusedWithoutChargingItsDevicesAndOtherTenantsGoOn() {
        for (int i = 0; i < 5; i++) {
            limits.admit("busy", "d" + i);
        }

        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> limits.admit("busy", "d0"));

        assertThat(refused.problem().detail()).contains("tenant");
        limits.admit("calm", "d0");
        // d0 was refused by the tenant, not charged: once the tenant refills, d0 still has 2 of its 3.
        clock.addAndGet(1_000_000_000L);
        limits.admit("busy", "d0");
        limits.admit("busy", "d0");
    }

    @Test
    void bucketsOfIdleCallersAreForgottenSoMemoryStaysBounded() {
        for (int i = 0; i < RateLimits.MAX_BUCKETS; i++) {
            limits.admit("t" + i, "d");
            clock.addAndGet(1);
        }
        clock.addAndGet(60_000_000_000L);

        limits.admit("late", "d");

        assertThat(limits.bucketCount()).isLessThan(RateLimits.MAX_BUCKETS);
    }

    @Test
    void whenEveryBucketIsInUseTheSweepRunsAtMostOnceASecondNotForEveryNewCaller() {
        RateLimits fastRefill = new RateLimits(new Limit(10, 3), new Limit(10, 3), clock::get, registry);
        for (int i = 0; i < RateLimits.MAX_BUCKETS; i++) {
            fastRefill.admit("t" + i, "d");
        }
        fastRefill.admit("first", "d");
        int afterAFruitlessSweep = fastRefill.bucketCount();
        // Every bucket is full again after 0.1 s: a sweep now would free nearly all of them.
        clock.addAndGet(500_000_000L);

        fastRefill.admit("second", "d");

        assertThat(fastRefill.bucketCount()).as("no second sweep within the second")
                .isEqualTo(afterAFruitlessSweep + 2);
        clock.addAndGet(RateLimits.SWEEP_INTERVAL_NANOS);
        fastRefill.admit("third", "d");
        assertThat(fastRefill.bucketCount()).as("the next second's sweep forgets the idle buckets")
                .isLessThan(10);
    }
}
