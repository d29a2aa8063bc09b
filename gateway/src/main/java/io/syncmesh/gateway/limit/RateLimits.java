package io.syncmesh.gateway.limit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.micrometer.core.instrument.MeterRegistry;
import io.syncmesh.support.web.Problems;

/**
 * Per-device and per-tenant request rates, as token buckets: a device that loops, or a tenant with a fleet gone wild,
 * gets 429 with Retry-After while every other device and tenant goes on at full speed. A request takes a token from its
 * device's bucket and its tenant's; refused by either, it takes none. Buckets live in this gateway's memory: with N
 * replicas behind a load balancer the effective limits are up to N times these (documented in SECURITY.md).
 */
@ApplicationScoped
public class RateLimits {

    /** Beyond this many buckets, full ones (idle callers) are forgotten, so memory stays bounded. */
    static final int MAX_BUCKETS = 100_000;
    /**
     * At most one sweep a second per table: when every bucket is in use a sweep frees nothing, and scanning all of them
     * for each new caller would put that scan on the path of every request.
     */
    static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;

    private final Limit device;
    private final Limit tenant;
    private final LongSupplier clock;
    private final Buckets devices = new Buckets();
    private final Buckets tenants = new Buckets();
    private final MeterRegistry registry;

    record Limit(double ratePerSecond, double burst) {
    }

    @Inject
    RateLimits(@ConfigProperty(name = "syncmesh.limits.device.rate") double deviceRate,
            @ConfigProperty(name = "syncmesh.limits.device.burst") double deviceBurst,
            @ConfigProperty(name = "syncmesh.limits.tenant.rate") double tenantRate,
            @ConfigProperty(name = "syncmesh.limits.tenant.burst") double tenantBurst, MeterRegistry registry) {
        this(new Limit(deviceRate, deviceBurst), new Limit(tenantRate, tenantBurst), System::nanoTime, registry);
    }

    RateLimits(Limit device, Limit tenant, LongSupplier clock, MeterRegistry registry) {
        this.device = device;
        this.tenant = tenant;
        this.clock = clock;
        this.registry = registry;
    }

    /**
     * Admits one request of a tenant's device, or throws a 429 problem with Retry-After. Takes the ids, not the auth
     * package's caller, so that limits do not depend on authentication (which depends on them).
     */
    public void admit(String tenant, String device) {
        long now = clock.getAsLong();
        TokenBucket deviceBucket = devices.get(tenant + "/" + device, this.device, now);
        long deviceWait = deviceBucket.tryTake(1, now);
        if (deviceWait > 0) {
            throw refused("device", deviceWait);
        }
        long tenantWait = tenants.get(tenant, this.tenant, now).tryTake(1, now);
        if (tenantWait > 0) {
            deviceBucket.giveBack(1, now);
            throw refused("tenant", tenantWait);
        }
    }

    private RuntimeException refused(String scope, long waitNanos) {
        registry.counter("syncmesh_gateway_rate_limited", "scope", scope).increment();
        long seconds = (waitNanos + 999_999_999L) / 1_000_000_000L;
        return Problems.tooManyRequests("the " + scope + "'s request rate limit is spent; retry after " + seconds
                + " s", seconds);
    }

    int bucketCount() {
        return devices.buckets.size() + tenants.buckets.size();
    }

    /** The buckets of one kind of caller, with the forgetting of idle ones. */
    private static final class Buckets {

        private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
        private final OncePerInterval sweeps = new OncePerInterval(SWEEP_INTERVAL_NANOS);

        TokenBucket get(String key, Limit limit, long now) {
            TokenBucket existing = buckets.get(key);
            if (existing != null) {
                return existing;
            }
            if (buckets.size() >= MAX_BUCKETS && sweeps.tryPass(now)) {
                buckets.values().removeIf(b -> b.isFull(now));
            }
            return buckets.computeIfAbsent(key, k -> new TokenBucket(limit.ratePerSecond(), limit.burst(), now));
        }
    }
}
