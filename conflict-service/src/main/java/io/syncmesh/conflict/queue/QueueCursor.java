package io.syncmesh.conflict.queue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** Where a page of the manual queue ended: the (createdAt, id) of its last item, opaque to clients. */
public record QueueCursor(Instant createdAt, String id) {

    static QueueCursor after(ManualItem item) {
        return new QueueCursor(item.createdAt, item.id);
    }

    public String encode() {
        String raw = createdAt.getEpochSecond() + ":" + createdAt.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor of {@link #encode()}; anything else is an IllegalArgumentException. */
    public static QueueCursor decode(String cursor) {
        String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        String[] parts = raw.split(":", 3);
        if (parts.length != 3 || parts[2].isEmpty()) {
            throw new IllegalArgumentException("not a queue cursor");
        }
        return new QueueCursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), parts[2]);
    }
}
