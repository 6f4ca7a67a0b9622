package dev.weft.server.ingest.otlp;

import static dev.weft.server.ingest.otlp.Views.bytes;
import static dev.weft.server.ingest.otlp.Views.view;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OTLP/JSON features the OpenTelemetry Java exporter does not exercise, from hand-written JSON. */
class OtlpJsonDecoderTest {

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = OtlpJsonDecoderTest.class.getResourceAsStream("/otlp/" + name)) {
      assertThat(in).as("fixture %s", name).isNotNull();
      return in.readAllBytes();
    }
  }

  static byte[] utf8(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** A request with one span whose JSON body (without braces) is {@code spanFields}. */
  static byte[] oneSpan(String spanFields) {
    return utf8(
        """
        {"resourceSpans":[{"scopeSpans":[{"spans":[{%s}]}]}]}
        """
            .formatted(spanFields));
  }

  static final String VALID_SPAN_FIELDS =
      """
      "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
      "name":"s","startTimeUnixNano":"10","endTimeUnixNano":"20"
      """;

  static DecodedSpan single(DecodedRequest request) {
    assertThat(request.spans()).hasSize(1);
    return request.spans().get(0);
  }

  @Test
  void handWrittenRequestDecodesEveryFieldAndValueKind() throws IOException {
    DecodedRequest request = OtlpJsonDecoder.decode(fixture("hand-written-camel-case.json"));

    assertThat(request.rejectedSpans()).isZero();
    assertThat(request.spans()).hasSize(2);
    DecodedSpan chat = request.spans().get(0);
    assertThat(chat.traceId()).isEqualTo(bytes("5b8efff798038103d269b633813fc60c"));
    assertThat(chat.spanId()).isEqualTo(bytes("eee19b7ec3c1b174"));
    assertThat(chat.parentSpanId()).isNull();
    assertThat(chat.kind()).isEqualTo(3);
    assertThat(chat.startTimeUnixNano()).isEqualTo(1_760_000_000_000_000_000L);
    assertThat(chat.endTimeUnixNano()).isEqualTo(1_760_000_001_000_000_000L);
    assertThat(chat.statusCode()).isEqualTo(2);
    assertThat(chat.statusMessage()).isEqualTo("overloaded");
    assertThat(chat.resource().string("service.name")).isEqualTo("hand-written");
    assertThat(chat.resource().string("weft.project")).isEqualTo("fixtures");
    assertThat(chat.scope()).isEqualTo(new DecodedScope("manual", "0.1"));

    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("depth", 2L);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("user", "u-1");
    metadata.put("tags", List.of());
    metadata.put("nested", nested);
    assertThat(chat.attributes())
        .containsExactly(
            Map.entry("gen_ai.request.model", "claude-sonnet"),
            Map.entry("gen_ai.usage.input_tokens", 1200L),
            Map.entry("gen_ai.usage.output_tokens", 87L),
            Map.entry("gen_ai.request.temperature", 0.7),
            Map.entry("gen_ai.request.top_p", 1.0),
            Map.entry("gen_ai.request.stream", false),
            Map.entry("gen_ai.response.finish_reasons", List.of("stop", 2L)),
            Map.entry("gen_ai.request.metadata", metadata),
            Map.entry("payload", "AAEC/w=="));
    assertThat(chat.attributes().get("gen_ai.request.metadata")).isInstanceOf(LinkedHashMap.class);
    assertThat(chat.events())
        .containsExactly(
            new DecodedEvent("gen_ai.choice", 1_760_000_000_500_000_000L, Map.of("index", 0L)));
    assertThat(chat.links()).hasSize(1);
    assertThat(chat.links().get(0).spanId()).isEqualTo(bytes("b7ad6b7169203331"));
    assertThat(chat.links().get(0).attributes()).isEqualTo(Map.of("link.reason", "retry-of"));

    DecodedSpan tool = request.spans().get(1);
    assertThat(tool.parentSpanId()).isEqualTo(bytes("eee19b7ec3c1b174"));
    assertThat(tool.kind()).isEqualTo(1);
    assertThat(tool.statusCode()).isEqualTo(1);
    assertThat(tool.statusMessage()).isEmpty();
    assertThat(tool.resource()).isSameAs(chat.resource());
    assertThat(tool.scope()).isSameAs(chat.scope());
  }

  @Test
  void snakeCaseProtoFieldNamesDecodeLikeLowerCamelCase() throws IOException {
    DecodedRequest camel = OtlpJsonDecoder.decode(fixture("hand-written-camel-case.json"));
    DecodedRequest snake = OtlpJsonDecoder.decode(fixture("hand-written-snake-case.json"));

    assertThat(snake.spans()).hasSize(2);
    assertThat(view(snake)).isEqualTo(view(camel));
  }

  @Test
  void enumNamesAndEnumNumbersDecodeToTheSameKindAndStatus() {
    String[] kindNames = {
      "SPAN_KIND_UNSPECIFIED",
      "SPAN_KIND_INTERNAL",
      "SPAN_KIND_SERVER",
      "SPAN_KIND_CLIENT",
      "SPAN_KIND_PRODUCER",
      "SPAN_KIND_CONSUMER"
    };
    String[] statusNames = {"STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"};
    for (int kind = 0; kind < kindNames.length; kind++) {
      int status = kind % 3;
      DecodedSpan byName =
          single(
              OtlpJsonDecoder.decode(
                  oneSpan(
                      VALID_SPAN_FIELDS
                          + ",\"kind\":\"%s\",\"status\":{\"code\":\"%s\"}"
                              .formatted(kindNames[kind], statusNames[status]))));
      DecodedSpan byNumber =
          single(
              OtlpJsonDecoder.decode(
                  oneSpan(
                      VALID_SPAN_FIELDS
                          + ",\"kind\":%d,\"status\":{\"code\":%d}".formatted(kind, status))));
      assertThat(byName.kind()).isEqualTo(kind).isEqualTo(byNumber.kind());
      assertThat(byName.statusCode()).isEqualTo(status).isEqualTo(byNumber.statusCode());
    }
  }

  @Test
  void unknownOrOutOfRangeEnumValuesReadAsUnspecified() {
    DecodedSpan span =
        single(
            OtlpJsonDecoder.decode(
                oneSpan(
                    VALID_SPAN_FIELDS
                        + ",\"kind\":\"SPAN_KIND_TELEPATHIC\",\"status\":{\"code\":7}")));
    assertThat(span.kind()).isZero();
    assertThat(span.statusCode()).isZero();
  }

  @Test
  void int64FieldsAcceptJsonStringsAndJsonNumbers() {
    String fields =
        """
        "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"s",
        "startTimeUnixNano":%s,"endTimeUnixNano":%s,
        "attributes":[{"key":"n","value":{"intValue":%s}}],
        "events":[{"name":"e","timeUnixNano":%s}]
        """;
    DecodedSpan asStrings =
        single(
            OtlpJsonDecoder.decode(
                oneSpan(
                    fields.formatted(
                        "\"1760000000000000001\"",
                        "\"1760000000000000002\"",
                        "\"-9223372036854775808\"",
                        "\"1760000000000000003\""))));
    DecodedSpan asNumbers =
        single(
            OtlpJsonDecoder.decode(
                oneSpan(
                    fields.formatted(
                        "1760000000000000001",
                        "1760000000000000002",
                        "-9223372036854775808",
                        "1.760000000000000003e18"))));

    for (DecodedSpan span : List.of(asStrings, asNumbers)) {
      assertThat(span.startTimeUnixNano()).isEqualTo(1_760_000_000_000_000_001L);
      assertThat(span.endTimeUnixNano()).isEqualTo(1_760_000_000_000_000_002L);
      assertThat(span.attributes()).containsEntry("n", Long.MIN_VALUE);
      assertThat(span.events().get(0).timeUnixNano()).isEqualTo(1_760_000_000_000_000_003L);
    }
  }

  @Test
  void doubleValuesAcceptNumbersAndTheProto3SpecialStrings() {
    DecodedSpan span =
        single(
            OtlpJsonDecoder.decode(
                oneSpan(
                    VALID_SPAN_FIELDS
                        + """
                        ,"attributes":[
                          {"key":"int","value":{"doubleValue":3}},
                          {"key":"exp","value":{"doubleValue":1.5e3}},
                          {"key":"nan","value":{"doubleValue":"NaN"}},
                          {"key":"inf","value":{"doubleValue":"Infinity"}},
                          {"key":"ninf","value":{"doubleValue":"-Infinity"}}]
                        """)));
    assertThat(span.attributes())
        .containsEntry("int", 3.0)
        .containsEntry("exp", 1500.0)
        .containsEntry("nan", Double.NaN)
        .containsEntry("inf", Double.POSITIVE_INFINITY)
        .containsEntry("ninf", Double.NEGATIVE_INFINITY);
  }

  @Test
  void hexIdsAreCaseInsensitive() {
    DecodedSpan upper =
        single(
            OtlpJsonDecoder.decode(
                oneSpan(
                    """
                    "traceId":"0AF7651916CD43DD8448EB211C80319C","spanId":"B7AD6B7169203331",
                    "parentSpanId":"AbCdEf0123456789","startTimeUnixNano":"1","endTimeUnixNano":"1"
                    """)));
    assertThat(upper.traceId()).isEqualTo(bytes("0af7651916cd43dd8448eb211c80319c"));
    assertThat(upper.spanId()).isEqualTo(bytes("b7ad6b7169203331"));
    assertThat(upper.parentSpanId()).isEqualTo(bytes("abcdef0123456789"));
  }

  @Test
  void unknownFieldsAtEveryLevelAreSkippedWithTheirChildren() {
    byte[] body =
        utf8(
            """
            {"future":{"deep":[1,{"a":[]}]},"resourceSpans":[{"schemaUrl":"https://x",
              "entityRefs":[{"type":"service"}],
              "resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"},
                "extra":[1,2]}],"droppedAttributesCount":3,"newThing":{"x":1}},
              "scopeSpans":[{"scope":{"name":"lib","attributes":[{"key":"k","value":{}}],
                "droppedAttributesCount":0,"unknown":true},"schemaUrl":"",
                "spans":[{"traceId":"5b8efff798038103d269b633813fc60c",
                  "spanId":"eee19b7ec3c1b174","flags":257,"droppedAttributesCount":1,
                  "droppedEventsCount":2,"droppedLinksCount":3,"name":"s",
                  "startTimeUnixNano":"1","endTimeUnixNano":"2","mystery":[[[{}]]],
                  "status":{"code":2,"message":"m","deprecatedCode":1},
                  "events":[{"name":"e","timeUnixNano":"1","droppedAttributesCount":0,"x":{}}],
                  "links":[{"traceId":"0af7651916cd43dd8448eb211c80319c",
                    "spanId":"b7ad6b7169203331","traceState":"a=b","flags":1,"x":null}],
                  "attributes":[{"key":"a","value":{"stringValue":"v","futureValue":{"x":1}}}]
                }]}]}],"trailing":"field"}
            """);
    DecodedRequest request = OtlpJsonDecoder.decode(body);

    DecodedSpan span = single(request);
    assertThat(span.name()).isEqualTo("s");
    assertThat(span.attributes()).isEqualTo(Map.of("a", "v"));
    assertThat(span.statusCode()).isEqualTo(2);
    assertThat(span.statusMessage()).isEqualTo("m");
    assertThat(span.events()).containsExactly(new DecodedEvent("e", 1, Map.of()));
    assertThat(span.links()).hasSize(1);
    assertThat(span.resource().attributes()).isEqualTo(Map.of("service.name", "svc"));
    assertThat(span.scope()).isEqualTo(new DecodedScope("lib", ""));
  }

  @Test
  void missingOptionalFieldsTakeTheirDefaults() {
    DecodedRequest request =
        OtlpJsonDecoder.decode(
            utf8(
                """
                {"resourceSpans":[{"scopeSpans":[{"spans":[{
                  "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
                  "startTimeUnixNano":"5","endTimeUnixNano":"6"}]}]}]}
                """));

    DecodedSpan span = single(request);
    assertThat(span.parentSpanId()).isNull();
    assertThat(span.traceState()).isEmpty();
    assertThat(span.name()).isEmpty();
    assertThat(span.kind()).isZero();
    assertThat(span.attributes()).isEmpty();
    assertThat(span.events()).isEmpty();
    assertThat(span.links()).isEmpty();
    assertThat(span.statusCode()).isZero();
    assertThat(span.statusMessage()).isEmpty();
    assertThat(span.resource()).isSameAs(DecodedResource.EMPTY);
    assertThat(span.scope()).isSameAs(DecodedScope.EMPTY);
    assertThat(request.rejectionMessage()).isEmpty();
  }

  @Test
  void jsonNullReadsAsAnAbsentField() {
    DecodedRequest request =
        OtlpJsonDecoder.decode(
            utf8(
                """
                {"resourceSpans":[{"resource":null,"scopeSpans":[{"scope":null,"spans":[{
                  "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
                  "parentSpanId":null,"name":null,"kind":null,"traceState":null,
                  "startTimeUnixNano":"5","endTimeUnixNano":"6","attributes":null,
                  "events":null,"links":null,"status":{"code":null,"message":null}},
                  null]}]}]}
                """));

    DecodedSpan span = single(request);
    assertThat(span.parentSpanId()).isNull();
    assertThat(span.name()).isEmpty();
    assertThat(span.attributes()).isEmpty();
    assertThat(span.statusCode()).isZero();
    assertThat(span.resource()).isSameAs(DecodedResource.EMPTY);
  }

  @Test
  void emptyAnyValueOmitsTheKeyButKeepsItsPlaceInArrays() {
    DecodedSpan span =
        single(
            OtlpJsonDecoder.decode(
                oneSpan(
                    VALID_SPAN_FIELDS
                        + """
                        ,"attributes":[
                          {"key":"gone","value":{}},
                          {"key":"alsoGone"},
                          {"key":"nullValue","value":null},
                          {"key":"list","value":{"arrayValue":{"values":[{},{"boolValue":true}]}}},
                          {"key":"emptyList","value":{"arrayValue":{}}},
                          {"key":"emptyMap","value":{"kvlistValue":{}}}]
                        """)));
    assertThat(span.attributes().keySet()).containsExactly("list", "emptyList", "emptyMap");
    assertThat(span.attributes().get("list")).isEqualTo(Arrays.asList(null, true));
    assertThat(span.attributes().get("emptyList")).isEqualTo(List.of());
    assertThat(span.attributes().get("emptyMap")).isEqualTo(Map.of());
  }

  @Test
  void bytesValuesAcceptStandardAndUrlSafeBase64AndComeOutAsStandardBase64() {
    DecodedSpan span =
        single(
            OtlpJsonDecoder.decode(
                oneSpan(
                    VALID_SPAN_FIELDS
                        + """
                        ,"attributes":[
                          {"key":"standard","value":{"bytesValue":"+/8="}},
                          {"key":"urlSafe","value":{"bytesValue":"-_8"}},
                          {"key":"empty","value":{"bytesValue":""}}]
                        """)));
    assertThat(span.attributes())
        .containsEntry("standard", "+/8=")
        .containsEntry("urlSafe", "+/8=")
        .containsEntry("empty", "");
  }

  @Test
  void resourceAndScopeThatFollowTheirSpansStillApplyToThem() {
    DecodedRequest request =
        OtlpJsonDecoder.decode(
            utf8(
                """
                {"resourceSpans":[
                  {"scopeSpans":[{"spans":[{%s}],"scope":{"name":"late-scope"}}],
                   "resource":{"attributes":[{"key":"service.name","value":{"stringValue":"late"}}]}},
                  {"scopeSpans":[{"spans":[{%s}]}]}]}
                """
                    .formatted(VALID_SPAN_FIELDS, VALID_SPAN_FIELDS)));

    assertThat(request.spans()).hasSize(2);
    assertThat(request.spans().get(0).resource().string("service.name")).isEqualTo("late");
    assertThat(request.spans().get(0).scope()).isEqualTo(new DecodedScope("late-scope", ""));
    assertThat(request.spans().get(1).resource()).isSameAs(DecodedResource.EMPTY);
    assertThat(request.spans().get(1).scope()).isSameAs(DecodedScope.EMPTY);
  }

  @Test
  void duplicateAttributeKeysKeepTheFirstPositionAndTheLastValue() {
    DecodedSpan span =
        single(
            OtlpJsonDecoder.decode(
                oneSpan(
                    VALID_SPAN_FIELDS
                        + """
                        ,"attributes":[
                          {"key":"a","value":{"stringValue":"1"}},
                          {"key":"b","value":{"stringValue":"2"}},
                          {"key":"a","value":{"stringValue":"3"}}]
                        """)));
    assertThat(span.attributes()).containsExactly(Map.entry("a", "3"), Map.entry("b", "2"));
  }

  @Test
  void emptyObjectRequestHasNoSpans() {
    DecodedRequest request = OtlpJsonDecoder.decode(utf8("{}"));
    assertThat(request.spans()).isEmpty();
    assertThat(request.rejectedSpans()).isZero();
    assertThat(request.rejectionMessage()).isEmpty();

    assertThat(OtlpJsonDecoder.decode(utf8(" {\"resourceSpans\":[]} \n")).spans()).isEmpty();
    assertThat(OtlpJsonDecoder.decode(utf8("{\"resourceSpans\":[{}]}")).spans()).isEmpty();
  }
}
