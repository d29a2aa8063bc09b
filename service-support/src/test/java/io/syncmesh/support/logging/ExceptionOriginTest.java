package io.syncmesh.support.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

class ExceptionOriginTest {

    private static final String SECRET = "personal-value-42";

    @Test
    void namesTheChainAndTheThrowingFrameButNoMessage() {
        CompletionException wrapped = new CompletionException(SECRET, castSomething());

        String origin = ExceptionOrigin.describe(wrapped);

        assertThat(origin)
                .startsWith("java.util.concurrent.CompletionException <- java.lang.ClassCastException at ")
                .contains("ExceptionOriginTest.castSomething(ExceptionOriginTest.java:")
                .doesNotContain(SECRET);
    }

    @Test
    void pointsAtOurOwnFrameWhenTheThrowingFrameIsALibrary() {
        Exception fromLibrary = new IllegalStateException(SECRET);
        fromLibrary.setStackTrace(new StackTraceElement[]{
                new StackTraceElement("io.vertx.core.Foo", "bar", "Foo.java", 10),
                new StackTraceElement("io.syncmesh.gateway.push.Pusher", "push", "Pusher.java", 77)});

        assertThat(ExceptionOrigin.describe(fromLibrary)).isEqualTo("java.lang.IllegalStateException"
                + " at io.vertx.core.Foo.bar(Foo.java:10), ours io.syncmesh.gateway.push.Pusher.push(Pusher.java:77)");
    }

    @Test
    void survivesACyclicCauseChainAndAnEmptyStack() {
        Exception first = new IllegalStateException();
        Exception second = new IllegalArgumentException(first);
        first.initCause(second);
        first.setStackTrace(new StackTraceElement[0]);
        second.setStackTrace(new StackTraceElement[0]);

        assertThat(ExceptionOrigin.describe(first))
                .isEqualTo("java.lang.IllegalStateException <- java.lang.IllegalArgumentException");
    }

    private static Throwable castSomething() {
        try {
            Object text = "x";
            Integer number = (Integer) text;
            return new AssertionError(number);
        } catch (ClassCastException e) {
            return e;
        }
    }
}
