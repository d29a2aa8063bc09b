package io.syncmesh.protocol;

import java.util.List;

/** The 202 answer to a push: ids acknowledged by Kafka, and changes refused at the door with a code. */
public record PushResponse(List<String> accepted, List<RejectedChange> rejected) {

    /** One change refused by validation; the detail names the rule, never a field value. */
    public record RejectedChange(String changeId, String code, String detail) {
    }
}
