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
                .startsWith("java.util.concurrent.CompletionException <- java.lang.ClassCastException (class ")
                .contains("ExceptionOriginTest.castSomething(ExceptionOriginTest.java:")
                .doesNotContain(SECRET);
    }

    @Test
    void namesTheClassesOfAFailedCastFromTheJvmsMessage() {
        assertThat(ExceptionOrigin.describe(castSomething())).startsWith("java.lang.ClassCastException (class "
                + "java.lang.String cannot be cast to class java.lang.Integer (java.lang.String and java.lang.Integer "
                + "are in module java.base of loader 'bootstrap')) at ");
    }

    @Test
    void keepsTheLoaderNamesOfACastBetweenTwoQuarkusApplications() {
        String message = "class io.syncmesh.protocol.ResultEvent cannot be cast to class io.syncmesh.protocol."
                + "ResultEvent (io.syncmesh.protocol.ResultEvent is in unnamed module of loader 'Quarkus Runtime "
                + "ClassLoader: TEST restart no:1' @1a2b3c; io.syncmesh.protocol.ResultEvent is in unnamed module of "
                + "loader 'Quarkus Runtime ClassLoader: TEST restart no:2' @4d5e6f)";
        ClassCastException cast = new ClassCastException(message);
        cast.setStackTrace(new StackTraceElement[0]);

        assertThat(ExceptionOrigin.describe(cast)).isEqualTo("java.lang.ClassCastException (" + message + ")");
    }

    @Test
    void leavesOutACastMessageThatIsNotTheJvms() {
        ClassCastException written = new ClassCastException("cannot use " + SECRET);
        written.setStackTrace(new StackTraceElement[0]);
        ClassCastException imitating = new ClassCastException(
                "class a.B cannot be cast to class c.D (" + SECRET + ": \"quoted\")");
        imitating.setStackTrace(new StackTraceElement[0]);

        assertThat(ExceptionOrigin.describe(written)).isEqualTo("java.lang.ClassCastException");
        assertThat(ExceptionOrigin.describe(imitating)).isEqualTo("java.lang.ClassCastException");
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
