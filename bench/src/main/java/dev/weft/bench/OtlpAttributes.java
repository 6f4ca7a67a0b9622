package dev.weft.bench;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;

/** OTLP attribute key-values of each value type, for the bench's span generators. */
final class OtlpAttributes {

  private OtlpAttributes() {}

  static KeyValue str(String key, String value) {
    return of(key, AnyValue.newBuilder().setStringValue(value));
  }

  static KeyValue integer(String key, long value) {
    return of(key, AnyValue.newBuilder().setIntValue(value));
  }

  static KeyValue dbl(String key, double value) {
    return of(key, AnyValue.newBuilder().setDoubleValue(value));
  }

  static KeyValue strArray(String key, String... values) {
    ArrayValue.Builder array = ArrayValue.newBuilder();
    for (String v : values) {
      array.addValues(AnyValue.newBuilder().setStringValue(v));
    }
    return of(key, AnyValue.newBuilder().setArrayValue(array));
  }

  private static KeyValue of(String key, AnyValue.Builder value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }
}
