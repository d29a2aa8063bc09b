package io.syncmesh.sync.pull;

/**
 * A place in the order pull reads rows in: (transaction id, sequence). Rows are only read below the visibility horizon
 * (the oldest transaction still running), so every row a later commit adds sorts after every position already handed
 * out: a cursor never skips a change that commits late with a lower sequence number.
 */
public record Position(long txid, long seq) implements Comparable<Position> {

    public static final Position START = new Position(0, 0);

    /** The position just below everything transaction {@code txid} and later ones write. */
    public static Position horizon(long txid) {
        return new Position(txid, 0);
    }

    @Override
    public int compareTo(Position other) {
        int byTxid = Long.compareUnsigned(txid, other.txid);
        return byTxid != 0 ? byTxid : Long.compare(seq, other.seq);
    }

    public Position max(Position other) {
        return compareTo(other) >= 0 ? this : other;
    }

    public boolean isBefore(Position other) {
        return compareTo(other) < 0;
    }
}
