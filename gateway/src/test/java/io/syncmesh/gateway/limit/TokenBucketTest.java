package io.syncmesh.gateway.limit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFullBucketAdmitsItsBurstThenAsksToWaitForTheNextToken() {
        TokenBucket bucket = new TokenBucket(2, 3, 0);

        assertThat(bucket.tryTake(1, 0)).isZero();
        assertThat(bucket.tryTake(1, 0)).isZero();
        assertThat(bucket.tryTake(1, 0)).isZero();
        assertThat(bucket.tryTake(1, 0)).isEqualTo(SECOND / 2);
        assertThat(bucket.tryTake(1, SECOND / 2)).isZero();
    }

    @Test
    void refillStopsAtTheBurst() {
        TokenBucket bucket = new TokenBucket(10, 2, 0);
        bucket.tryTake(2, 0);

        assertThat(bucket.isFull(100 * SECOND)).isTrue();
        assertThat(bucket.tryTake(2, 100 * SECOND)).isZero();
        assertThat(bucket.tryTake(1, 100 * SECOND)).isPositive();
    }

    @Test
    void tokensGivenBackCanBeTakenAgain() {
        TokenBucket bucket = new TokenBucket(1, 1, 0);
        bucket.tryTake(1, 0);
        bucket.giveBack(1, 0);

        assertThat(bucket.tryTake(1, 0)).isZero();
    }

    /** Over any span, a bucket admits at most burst + rate x span requests, however they are spread. */
    @Property(tries = 200)
    void neverAdmitsMoreThanBurstPlusRateTimesTime(@ForAll @IntRange(min = 1, max = 50) int rate,
            @ForAll @IntRange(min = 1, max = 50) int burst, @ForAll @IntRange(min = 1, max = 2000) int requests,
            @ForAll @IntRange(min = 1, max = 5_000_000) int gapNanos) {
        TokenBucket bucket = new TokenBucket(rate, burst, 0);
        long now = 0;
        int admitted = 0;
        for (int i = 0; i < requests; i++) {
            now += gapNanos;
            if (bucket.tryTake(1, now) == 0) {
                admitted++;
            }
        }
        assertThat((double) admitted).isLessThanOrEqualTo(burst + rate * (now / (double) SECOND) + 1e-9);
    }
}
