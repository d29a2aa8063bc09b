package io.syncmesh.client.transport;

import java.util.List;

import io.syncmesh.protocol.PushResponse;
import io.syncmesh.protocol.Receipt;

/**
 * The server's answer to a push: a receipt for every stored change (final, or {@code pending} when it was not final
 * within the wait), and the changes refused at the door with their codes (never stored: they are final too).
 */
public record PushResult(List<Receipt> receipts, List<PushResponse.RejectedChange> rejected) {

    public PushResult {
        receipts = receipts == null ? List.of() : List.copyOf(receipts);
        rejected = rejected == null ? List.of() : List.copyOf(rejected);
    }
}
