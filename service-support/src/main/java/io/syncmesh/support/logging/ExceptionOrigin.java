package io.syncmesh.support.logging;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where an unexpected exception came from, for a log line that may carry no values: the class of each exception in the
 * cause chain, the frame that threw the innermost one and the innermost frame of our own code. Messages are left out on
 * purpose, since they can quote request data; the one exception is the JVM's own message of a failed cast, which names
 * only the two classes and their loaders and is what tells such a failure apart (a lambda whose argument had the wrong
 * class throws from a hidden frame, so the stack alone names only the caller of the lambda).
 */
public final class ExceptionOrigin {

    private static final String OUR_PACKAGE = "io.syncmesh.";
    private static final int MAX_CAUSES = 8;
    /**
     * The JVM's message of a failed cast: class names, then modules and loaders in parentheses (loader names such as
     * Quarkus's {@code 'Quarkus Runtime ClassLoader: TEST restart no:1' @1a2b3c}); nothing that could frame a value.
     */
    private static final Pattern JVM_CAST_MESSAGE = Pattern
            .compile("class [\\w.$]+ cannot be cast to class [\\w.$]+( \\([^\"{}=\\n]*\\))?");
    private static final int MAX_CAST_MESSAGE = 500;

    private ExceptionOrigin() {
    }

    /**
     * For example
     * {@code CompletionException <- ClassCastException at a.B.c(B.java:12), ours io.syncmesh.X.y(X.java:3)}.
     */
    public static String describe(Throwable thrown) {
        List<Throwable> chain = causeChain(thrown);
        StringBuilder text = new StringBuilder();
        for (Throwable link : chain) {
            if (text.length() > 0) {
                text.append(" <- ");
            }
            text.append(link.getClass().getName());
        }
        Throwable root = chain.get(chain.size() - 1);
        String cast = castMessage(root);
        if (cast != null) {
            text.append(" (").append(cast).append(')');
        }
        StackTraceElement[] frames = root.getStackTrace();
        if (frames.length > 0) {
            text.append(" at ").append(frame(frames[0]));
        }
        StackTraceElement ours = innermostOwnFrame(chain);
        if (ours != null && (frames.length == 0 || ours != frames[0])) {
            text.append(", ours ").append(frame(ours));
        }
        return text.toString();
    }

    /** The message of a failed cast, when it is the JVM's own; otherwise nothing. */
    private static String castMessage(Throwable root) {
        String message = root.getMessage();
        if (!(root instanceof ClassCastException) || message == null || message.length() > MAX_CAST_MESSAGE
                || !JVM_CAST_MESSAGE.matcher(message).matches()) {
            return null;
        }
        return message;
    }

    private static List<Throwable> causeChain(Throwable thrown) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        List<Throwable> chain = new ArrayList<>();
        for (Throwable link = thrown; link != null && chain.size() < MAX_CAUSES
                && seen.put(link, true) == null; link = link.getCause()) {
            chain.add(link);
        }
        return chain;
    }

    /** Searches from the root cause outwards, since the root's frames are nearest to what went wrong. */
    private static StackTraceElement innermostOwnFrame(List<Throwable> chain) {
        for (int i = chain.size() - 1; i >= 0; i--) {
            for (StackTraceElement frame : chain.get(i).getStackTrace()) {
                if (frame.getClassName().startsWith(OUR_PACKAGE)) {
                    return frame;
                }
            }
        }
        return null;
    }

    private static String frame(StackTraceElement frame) {
        return frame.getClassName() + "." + frame.getMethodName() + "(" + frame.getFileName() + ":"
                + frame.getLineNumber() + ")";
    }
}
