package io.syncmesh.protocol;

import java.util.List;

/** The body of POST /v1/sync/push. */
public record PushRequest(List<Change> changes) {
}
