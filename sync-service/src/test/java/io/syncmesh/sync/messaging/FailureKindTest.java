package io.syncmesh.sync.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionException;

import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;

import io.vertx.pgclient.PgException;

/** Which failures are the network's or the database's (retried) and which the data's (split and dead-lettered). */
class FailureKindTest {

    @Test
    void theNetworkFailingInAnyWayIsTransient() {
        assertThat(FailureKind.isTransient(new ConnectException("Connection refused"))).isTrue();
        assertThat(FailureKind.isTransient(new SocketException("Connection reset"))).isTrue();
        assertThat(FailureKind.isTransient(new ClosedChannelException())).isTrue();
        assertThat(FailureKind.isTransient(new IOException("recvAddress(..) failed: Connection reset by peer")))
                .as("Netty's native transport reports a reset as a plain IOException").isTrue();
        assertThat(FailureKind.isTransient(new CompletionException(new SocketException("Broken pipe"))))
                .as("found anywhere in the causes").isTrue();
    }

    @Test
    void theDatabaseStoppingOrRestartingIsTransient() {
        assertThat(FailureKind.isTransient(pg("57P01"))).as("terminating connection (administrator command)").isTrue();
        assertThat(FailureKind.isTransient(pg("57P03"))).as("the database system is starting up").isTrue();
        assertThat(FailureKind.isTransient(pg("08006"))).as("connection failure").isTrue();
        assertThat(FailureKind.isTransient(pg("40001"))).as("serialization failure").isTrue();
        assertThat(FailureKind.isTransient(io.vertx.sqlclient.ClosedConnectionException.INSTANCE)).isTrue();
    }

    @Test
    void whatTheDataCausesIsNotTransient() {
        assertThat(FailureKind.isTransient(pg("22P05"))).as("untranslatable character").isFalse();
        assertThat(FailureKind.isTransient(pg("23505"))).as("unique violation").isFalse();
        assertThat(FailureKind.isTransient(new IllegalArgumentException("bad field"))).isFalse();
        assertThat(FailureKind.isTransient(new RecordTooLargeException("too large"))).isFalse();
    }

    @Test
    void theDescriptionNamesTheStateOrTypeAndNeverTheMessage() {
        assertThat(FailureKind.describe(pg("22P05"))).isEqualTo("PostgreSQL 22P05");
        assertThat(FailureKind.describe(new SocketException("secret value"))).isEqualTo("SocketException");
    }

    private static PgException pg(String state) {
        return new PgException("message that may quote data", "ERROR", state, null);
    }
}
