package io.syncmesh.protocol;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A page of conflict items, oldest first; {@code next} is the cursor of the following page (absent on the last). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConflictPage(List<ConflictItem> items, String next) {
}
