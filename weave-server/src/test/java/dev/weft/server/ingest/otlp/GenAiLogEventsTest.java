package dev.weft.server.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decoding OTLP log records (both encodings) and picking the GenAI events out of them. */
class GenAiLogEventsTest {

  static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  static final String SPAN = "b7ad6b7169203331";
  static final long NOW = 1_790_000_000_000_000_000L;

  static List<DecodedLogRecord> json(String body) {
    return OtlpJsonDecoder.decodeLogs(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void jsonRecordsReadEventNameBodyIdsAndTheResourceThatComesAfterThem() {
    List<DecodedLogRecord> records =
        json(
            "{\"resource_logs\":[{\"scopeLogs\":[{\"logRecords\":["
                + "{\"traceId\":\""
                + TRACE
                + "\",\"spanId\":\""
                + SPAN
                + "\",\"flags\":257,\"observedTimeUnixNano\":\""
                + NOW
                + "\",\"attributes\":[{\"key\":\"event.name\",\"value\":{\"stringValue\":"
                + "\"gen_ai.user.message\"}}],\"body\":{\"kvlistValue\":{\"values\":["
                + "{\"key\":\"content\",\"value\":{\"stringValue\":\"Hi\"}}]}}},"
                + "{\"event_name\":\"gen_ai.choice\",\"time_unix_nano\":5,\"observedTimeUnixNano\":9,"
                + "\"spanId\":\"not hex\"}"
                + "]}],\"resource\":{\"attributes\":[{\"key\":\"weft.project\","
                + "\"value\":{\"stringValue\":\"p\"}}]}}]}");

    assertThat(records).hasSize(2);
    DecodedLogRecord first = records.get(0);
    assertThat(HexFormat.of().formatHex(first.traceId())).isEqualTo(TRACE);
    assertThat(first.eventName()).isEqualTo("gen_ai.user.message");
    assertThat(first.flags()).isEqualTo(257);
    // No time: the observed time stands in.
    assertThat(first.timeUnixNano()).isEqualTo(NOW);
    assertThat(first.body()).isEqualTo(Map.of("content", "Hi"));
    assertThat(first.resource().string("weft.project")).isEqualTo("p");
    DecodedLogRecord second = records.get(1);
    assertThat(second.eventName()).isEqualTo("gen_ai.choice");
    assertThat(second.timeUnixNano()).isEqualTo(5);
    assertThat(second.spanId()).isEmpty();
    assertThat(json("{}")).isEmpty();
  }

  @Test
  void protobufRecordsPreferTheEventNameFieldToTheAttribute() {
    LogRecord record =
        LogRecord.newBuilder()
            .setEventName("gen_ai.system.message")
            .addAttributes(
                KeyValue.newBuilder()
                    .setKey("event.name")
                    .setValue(AnyValue.newBuilder().setStringValue("something.else")))
            .setTraceId(ByteString.fromHex(TRACE))
            .setSpanId(ByteString.fromHex(SPAN))
            .setTimeUnixNano(NOW)
            .setFlags(1)
            .setBody(AnyValue.newBuilder().setStringValue("You are terse."))
            .build();
    byte[] body =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(
                ResourceLogs.newBuilder()
                    .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(record)))
            .build()
            .toByteArray();

    List<DecodedLogRecord> records = OtlpProtobufDecoder.decodeLogs(body);

    assertThat(records).hasSize(1);
    assertThat(records.get(0).eventName()).isEqualTo("gen_ai.system.message");
    assertThat(records.get(0).body()).isEqualTo("You are terse.");
    assertThat(records.get(0).flags()).isEqualTo(1);
    assertThat(OtlpProtobufDecoder.decodeLogs(new byte[0])).isEmpty();
  }

  static DecodedLogRecord record(String name, String trace, String span, long time) {
    return record(name, trace, span, 1, time);
  }

  static DecodedLogRecord record(String name, String trace, String span, int flags, long time) {
    return new DecodedLogRecord(
        HexFormat.of().parseHex(trace),
        HexFormat.of().parseHex(span),
        flags,
        time,
        name,
        Map.of("event.name", name, "gen_ai.system", "openai", "weft.project", "evals"),
        Map.of("content", "Hi"),
        DecodedResource.EMPTY);
  }

  @Test
  void genAiEventsAreKeptWithTheirBodyAndProjectAndTheRestExplained() {
    GenAiLogEvents.Selection selection =
        GenAiLogEvents.select(
            List.of(
                record("gen_ai.user.message", TRACE, SPAN, NOW),
                record("app.login", TRACE, SPAN, NOW),
                record("gen_ai.choice", "", "", NOW),
                record("gen_ai.choice", TRACE, "00000000000000", NOW),
                record("gen_ai.choice", TRACE, SPAN, 1_700_000_000_000L),
                record("gen_ai.choice", TRACE, SPAN, 0, NOW)));

    assertThat(selection.events()).hasSize(1);
    GenAiLogEvents.SpanEvent kept = selection.events().get(0);
    assertThat(kept.project()).isEqualTo("evals");
    assertThat(kept.event().name()).isEqualTo("gen_ai.user.message");
    assertThat(kept.event().timeUnixNano()).isEqualTo(NOW);
    // The name and the project are not event content; the body is kept as span events carry it.
    assertThat(kept.event().attributes())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("gen_ai.system", "openai", "body", Map.of("content", "Hi")));
    assertThat(selection.rejected()).isEqualTo(5);
    assertThat(selection.message())
        .startsWith("5 log records rejected: ")
        .contains("1× its span was not sampled")
        .contains("1× not a GenAI event", "(event 'app.login' in trace 0af76519")
        .contains("1× no trace_id or span_id")
        .contains("1× span_id must be 8 bytes, got 7")
        .contains("1× time_unix_nano (or, when unset, observed_time_unix_nano) is before 2000");
  }

  @Test
  void theResourceNamesTheProjectWhenTheRecordDoesNot() {
    DecodedLogRecord r =
        new DecodedLogRecord(
            HexFormat.of().parseHex(TRACE),
            HexFormat.of().parseHex(SPAN),
            1,
            NOW,
            "gen_ai.choice",
            Map.of(),
            null,
            new DecodedResource(Map.of("weft.project", "from-resource")));

    GenAiLogEvents.SpanEvent kept = GenAiLogEvents.select(List.of(r)).events().get(0);

    assertThat(kept.project()).isEqualTo("from-resource");
    assertThat(kept.event().attributes()).isEmpty();
  }
}
