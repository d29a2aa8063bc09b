package io.syncmesh.gateway.telemetry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.syncmesh.gateway.auth.Caller;
import io.syncmesh.gateway.auth.CallerResolver;
import io.syncmesh.gateway.web.RequestJson;
import io.syncmesh.protocol.Channels;
import io.syncmesh.protocol.Limits;
import io.syncmesh.protocol.Problem;
import io.syncmesh.protocol.ProblemTypes;
import io.syncmesh.protocol.SyncJson;
import io.syncmesh.protocol.TelemetryEvent;
import io.syncmesh.protocol.TelemetryReport;
import io.syncmesh.protocol.TelemetryValidator;
import io.syncmesh.protocol.Topics;
import io.syncmesh.protocol.Violation;
import io.syncmesh.support.web.ProblemException;
import io.syncmesh.support.web.Problems;

/**
 * {@code POST /v1/telemetry}: a device reports its outbox length, sync cycles and attempts per change. The report is
 * checked and produced to sync.telemetry (key tenant/device) for the metrics-service; 202 once Kafka has it.
 */
@Path("/v1/telemetry")
@RolesAllowed(CallerResolver.DEVICE_ROLE)
@SecurityRequirement(name = "bearer")
public class TelemetryResource {

    @Inject
    CallerResolver callers;

    @Inject
    @Channel(Channels.TELEMETRY)
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<String> telemetry;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "202", description = "The report is durable in Kafka")
    @Operation(summary = "Report device sync health", description = "queueLength (changes waiting in the outbox), "
            + "cycles [{startedAt, durationMs, outcome: ok|partial|failed}] and attempts [{changeId, attempts}], at "
            + "most 500 entries each and 64 KiB. 202 once durable; 400 with the broken rules otherwise.")
    @RequestBody(content = @org.eclipse.microprofile.openapi.annotations.media.Content(schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = TelemetryReport.class)))
    public Uni<Response> report(byte[] body) {
        Caller caller = callers.caller();
        TelemetryReport report = read(body);
        List<Violation> violations = TelemetryValidator.validate(report);
        if (!violations.isEmpty()) {
            throw new ProblemException(Problem.of(ProblemTypes.INVALID_REQUEST, "Invalid telemetry", 400,
                    violations.get(0).detail()).withErrors(violations));
        }
        TelemetryEvent event = TelemetryEvent.of(caller.tenant(), caller.device(), Instant.now(), report);
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.HEADER_TENANT, caller.tenant().getBytes(StandardCharsets.UTF_8));
        return telemetry.sendMessage(Message.of(SyncJson.write(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(event.recordKey()).withHeaders(headers).build()))
                .replaceWith(() -> Response.accepted().build());
    }

    private static TelemetryReport read(byte[] body) {
        if (body == null || body.length == 0) {
            throw Problems.invalid("the body must be a telemetry report object");
        }
        if (body.length > Limits.MAX_TELEMETRY_BODY_BYTES) {
            throw Problems.tooLarge("a telemetry report is at most " + Limits.MAX_TELEMETRY_BODY_BYTES + " bytes");
        }
        return RequestJson.read(body, TelemetryReport.class);
    }
}
