package io.syncmesh.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads the last lines of a log file, for error messages that explain why a server did not start. */
final class LogTail {

    private LogTail() {
    }

    static String of(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return "(no " + file + ")";
        }
        try {
            // Lenient decoding: a log cut mid-character must not hide the error we are reporting.
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            List<String> all = text.lines().toList();
            List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
            return "--- last " + tail.size() + " lines of " + file + " ---\n" + String.join("\n", tail);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
