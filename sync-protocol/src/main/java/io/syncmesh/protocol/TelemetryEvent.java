package io.syncmesh.protocol;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A device's telemetry on sync.telemetry (key tenant/device), with the tenant and device from its token. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TelemetryEvent(String type, int schemaVersion, String tenant, String device, Instant receivedAt,
        TelemetryReport report) {

    public static final String TYPE = "telemetry";
    public static final int SCHEMA_VERSION = 1;

    public static TelemetryEvent of(String tenant, String device, Instant receivedAt, TelemetryReport report) {
        return new TelemetryEvent(TYPE, SCHEMA_VERSION, tenant, device, receivedAt, report);
    }

    /** The record key: tenant/device. */
    public String recordKey() {
        return tenant + "/" + device;
    }
}
