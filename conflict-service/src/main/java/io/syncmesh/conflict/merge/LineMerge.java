package io.syncmesh.conflict.merge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * diff3 over lines: hunks only one side changed are combined, hunks both sides changed identically are taken once, and
 * hunks both sides changed differently make the merge fail. Lines keep their terminator, so a text with and one without
 * a final newline differ in their last line and the final newline survives the merge.
 */
final class LineMerge {

    // Past this many cells the LCS table would take too much memory; the differing middle then counts as one hunk,
    // which can only turn a clean merge into a conflict, never produce a wrong text.
    private static final long MAX_LCS_CELLS = 4_000_000L;

    private LineMerge() {
    }

    /** The merged text, or null when both sides edited the same region differently. */
    static String merge(String base, String local, String remote) {
        List<String> o = lines(base);
        List<String> a = lines(local);
        List<String> b = lines(remote);
        int[] matchA = matches(o, a);
        int[] matchB = matches(o, b);
        StringBuilder out = new StringBuilder();
        int io = 0;
        int ia = 0;
        int ib = 0;
        while (true) {
            // Stable run: base lines both sides kept in place.
            while (io < o.size() && matchA[io] == ia && matchB[io] == ib) {
                out.append(o.get(io));
                io++;
                ia++;
                ib++;
            }
            if (io == o.size() && ia == a.size() && ib == b.size()) {
                return out.toString();
            }
            // Unstable chunk: up to the next base line both sides kept (or the end).
            int nextO = io;
            while (nextO < o.size() && (matchA[nextO] < 0 || matchB[nextO] < 0)) {
                nextO++;
            }
            int nextA = nextO < o.size() ? matchA[nextO] : a.size();
            int nextB = nextO < o.size() ? matchB[nextO] : b.size();
            List<String> chunkO = o.subList(io, nextO);
            List<String> chunkA = a.subList(ia, nextA);
            List<String> chunkB = b.subList(ib, nextB);
            if (chunkA.equals(chunkO)) {
                chunkB.forEach(out::append);
            } else if (chunkB.equals(chunkO) || chunkA.equals(chunkB)) {
                chunkA.forEach(out::append);
            } else {
                return null;
            }
            io = nextO;
            ia = nextA;
            ib = nextB;
        }
    }

    /** The lines of a text, each with its "\n" (the last one without, when the text does not end in one). */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            int next = end < 0 ? text.length() : end + 1;
            lines.add(text.substring(start, next));
            start = next;
        }
        return lines;
    }

    /**
     * For each base line, the index of the line it is matched with in {@code other} by a longest common subsequence, or
     * -1. The matched indices increase with the base index.
     */
    static int[] matches(List<String> base, List<String> other) {
        int[] match = new int[base.size()];
        Arrays.fill(match, -1);
        // Common prefix and suffix are matched directly; the LCS table covers only the middle.
        int prefix = 0;
        while (prefix < base.size() && prefix < other.size() && base.get(prefix).equals(other.get(prefix))) {
            match[prefix] = prefix;
            prefix++;
        }
        int suffix = 0;
        while (suffix < base.size() - prefix && suffix < other.size() - prefix
                && base.get(base.size() - 1 - suffix).equals(other.get(other.size() - 1 - suffix))) {
            match[base.size() - 1 - suffix] = other.size() - 1 - suffix;
            suffix++;
        }
        int n = base.size() - prefix - suffix;
        int m = other.size() - prefix - suffix;
        if (n == 0 || m == 0 || (long) n * m > MAX_LCS_CELLS) {
            return match;
        }
        // lcs[i][j]: length of the LCS of base[prefix+i..] and other[prefix+j..] within the middle.
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = base.get(prefix + i).equals(other.get(prefix + j))
                        ? lcs[i + 1][j + 1] + 1
                        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n && j < m) {
            if (base.get(prefix + i).equals(other.get(prefix + j))) {
                match[prefix + i] = prefix + j;
                i++;
                j++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                i++;
            } else {
                j++;
            }
        }
        return match;
    }
}
