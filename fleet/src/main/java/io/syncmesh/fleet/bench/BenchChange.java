package io.syncmesh.fleet.bench;

/**
 * One change of a benchmark workload to a note: a create ({@code baseVersion} 0) or an update of one field on
 * {@code baseVersion}. Values are plain letters, so the JSON needs no escaping.
 */
public record BenchChange(String changeId, String entityId, long baseVersion, String field, String value) {

    public static BenchChange create(String changeId, String entityId, String title) {
        return new BenchChange(changeId, entityId, 0, "title", title);
    }

    public boolean isCreate() {
        return baseVersion == 0;
    }

    /** The change as the push body's JSON (DESIGN.md section 3). */
    public String json() {
        return "{\"changeId\":\"" + changeId + "\",\"collection\":\"notes\",\"entityId\":\"" + entityId
                + (isCreate() ? "\",\"op\":\"create\"" : "\",\"op\":\"update\",\"baseVersion\":" + baseVersion)
                + ",\"fields\":{\"" + field + "\":\"" + value + "\"},\"deviceSeq\":1}";
    }
}
