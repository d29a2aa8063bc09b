package io.syncmesh.metrics.alert;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/** Alertmanager's fingerprint of a label set: 64-bit FNV-1a over the sorted names and values, as 16 hex digits. */
public final class Fingerprint {

    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;
    // Between name and value and after each value, so that {a="bc"} and {ab="c"} hash apart (Prometheus' 0xff).
    private static final byte SEPARATOR = (byte) 0xff;

    private Fingerprint() {
    }

    /** The fingerprint Alertmanager computes for these labels (prometheus/common model.LabelSet.Fingerprint). */
    public static String of(Map<String, String> labels) {
        byte[][] names = labels.keySet().stream().map(n -> n.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        // Go sorts the UTF-8 bytes; Java's String order differs above U+FFFF, so sort the bytes too.
        Arrays.sort(names, Arrays::compareUnsigned);
        long hash = OFFSET;
        for (byte[] name : names) {
            hash = add(hash, name);
            hash = add(hash, SEPARATOR);
            hash = add(hash, labels.get(new String(name, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            hash = add(hash, SEPARATOR);
        }
        return String.format("%016x", hash);
    }

    private static long add(long hash, byte[] bytes) {
        for (byte b : bytes) {
            hash = add(hash, b);
        }
        return hash;
    }

    private static long add(long hash, byte b) {
        return (hash ^ (b & 0xff)) * PRIME;
    }
}
