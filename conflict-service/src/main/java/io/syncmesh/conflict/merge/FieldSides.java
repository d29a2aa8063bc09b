package io.syncmesh.conflict.merge;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One field both sides changed to different values: its value at the base, locally and remotely (null when absent), and
 * whether the base snapshot is known (false when history no longer has it).
 */
record FieldSides(String field, JsonNode base, JsonNode local, JsonNode remote, boolean baseKnown) {
}
