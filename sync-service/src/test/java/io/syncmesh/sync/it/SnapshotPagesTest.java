package io.syncmesh.sync.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.syncmesh.devstack.SyncMeshTestResource;

/**
 * The snapshot phase walks the requested collections one at a time: pages that end at a collection's end, in its middle
 * or past collections without live entities return every live entity once, in key order.
 */
@QuarkusTest
@QuarkusTestResource(SyncMeshTestResource.class)
class SnapshotPagesTest {

    /** Requested out of order: the snapshot walks them sorted. */
    private static final String COLLECTIONS = "echo,delta,beta,alpha";
    /** The live entities of the requested collections, in key order. */
    private static final List<String> LIVE = List.of("alpha/a-01", "alpha/a-02", "alpha/a-04", "alpha/a-05",
            "echo/e-01", "echo/e-02", "echo/e-03");

    static String tenant;

    @BeforeAll
    static void loadEntities() throws Exception {
        tenant = Envelopes.uniqueTenant();
        try (Connection conn = Db.connect()) {
            Db.insertEntity(conn, tenant, "alpha", "a-01", false);
            Db.insertEntity(conn, tenant, "alpha", "a-02", false);
            Db.insertEntity(conn, tenant, "alpha", "a-03", true);
            Db.insertEntity(conn, tenant, "alpha", "a-04", false);
            Db.insertEntity(conn, tenant, "alpha", "a-05", false);
            // beta has only a tombstone and delta nothing at all; charlie lies between them but was not requested.
            Db.insertEntity(conn, tenant, "beta", "b-01", true);
            Db.insertEntity(conn, tenant, "charlie", "c-01", false);
            Db.insertEntity(conn, tenant, "echo", "e-01", false);
            Db.insertEntity(conn, tenant, "echo", "e-02", false);
            Db.insertEntity(conn, tenant, "echo", "e-03", false);
            Db.insertEntity(conn, tenant, "echo", "e-04", true);
            Db.insertEntity(conn, Envelopes.uniqueTenant(), "alpha", "a-00", false);
        }
    }

    private static JsonPath pull(String cursor, int limit) {
        var request = given().queryParam("device", "puller").queryParam("collections", COLLECTIONS)
                .queryParam("limit", limit);
        if (cursor != null) {
            request = request.queryParam("cursor", cursor);
        }
        return request.get("/internal/v1/tenants/{t}/pull", tenant).then().statusCode(200).extract().jsonPath();
    }

    private static List<String> keys(JsonPath page) {
        List<String> collections = page.getList("entities.collection", String.class);
        List<String> ids = page.getList("entities.id", String.class);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            keys.add(collections.get(i) + "/" + ids.get(i));
        }
        return keys;
    }

    @Test
    void everyPageSizeReturnsEachLiveEntityOnceInKeyOrderAndThenContinuesIncrementally() {
        // 1 ends every page in a collection's middle or at its end, 4 exactly at alpha's end (before two collections
        // without live entities), 7 at the end of the snapshot, 8 beyond it.
        for (int limit = 1; limit <= LIVE.size() + 1; limit++) {
            List<String> pulled = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            boolean hasMore;
            do {
                JsonPath page = pull(cursor, limit);
                List<String> keys = keys(page);
                hasMore = page.getBoolean("hasMore");
                if (hasMore) {
                    assertThat(keys).as("a page before the last with limit %d", limit).hasSize(limit);
                }
                pulled.addAll(keys);
                cursor = page.getString("cursor");
                pages++;
            } while (hasMore && pages <= LIVE.size());

            assertThat(pulled).as("the snapshot in pages of %d", limit).containsExactlyElementsOf(LIVE);
            assertThat(pages).as("pages of %d", limit).isEqualTo(Math.max(1, (LIVE.size() + limit - 1) / limit));
            JsonPath after = pull(cursor, limit);
            assertThat(after.getList("entities")).as("after the snapshot in pages of %d", limit).isEmpty();
            assertThat(after.getBoolean("hasMore")).isFalse();
        }
    }

    @Test
    void pageEndingWithACollectionContinuesPastCollectionsWithoutLiveEntities() {
        JsonPath first = pull(null, 4);
        assertThat(keys(first)).containsExactly("alpha/a-01", "alpha/a-02", "alpha/a-04", "alpha/a-05");
        assertThat(first.getBoolean("hasMore")).isTrue();

        JsonPath second = pull(first.getString("cursor"), 4);
        assertThat(keys(second)).containsExactly("echo/e-01", "echo/e-02", "echo/e-03");
        assertThat(second.getBoolean("hasMore")).isFalse();
    }

    @Test
    void fullPageThatEndsTheSnapshotHasNoMore() {
        JsonPath only = pull(null, LIVE.size());
        assertThat(keys(only)).containsExactlyElementsOf(LIVE);
        assertThat(only.getBoolean("hasMore")).isFalse();
    }
}
