package io.syncmesh.protocol;

import java.util.List;

/** One page of GET /v1/sync/pull: latest entity states, the device's receipts, and the cursor to continue from. */
public record PullPage(List<Entity> entities, List<Receipt> receipts, String cursor, boolean hasMore) {
}
