package io.syncmesh.gateway.receipt;

import io.syncmesh.gateway.read.SyncServiceClient;

/** Wires a {@link ReceiptCollector} without CDI, for tests of the push path that live in other packages. */
public final class ReceiptCollectors {

    private ReceiptCollectors() {
    }

    public static ReceiptCollector over(ReceiptBoard board, SyncServiceClient syncService) {
        ReceiptCollector collector = new ReceiptCollector();
        collector.board = board;
        collector.syncService = syncService;
        return collector;
    }
}
