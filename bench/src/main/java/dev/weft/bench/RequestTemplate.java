package dev.weft.bench;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A serialised export request whose trace and span ids can be replaced in place, so the load
 * generator sends a never-seen-before request each time without encoding protobuf while it is being
 * timed. The server's primary key would otherwise deduplicate re-sent spans and the benchmark would
 * measure a no-op.
 *
 * <p>Ids are fixed-length {@code bytes} fields, so replacing their bytes keeps the encoding valid;
 * every occurrence of an id (a span's own id and its children's parent ids) gets the same new
 * value, so trace structure is kept.
 */
public final class RequestTemplate {

  private final byte[] body;
  private final int spanCount;
  private final int[][] idOffsets;
  private final int[] idLengths;

  private RequestTemplate(byte[] body, int spanCount, int[][] idOffsets, int[] idLengths) {
    this.body = body;
    this.spanCount = spanCount;
    this.idOffsets = idOffsets;
    this.idLengths = idLengths;
  }

  /**
   * Prepares a request: finds where each of its ids sits in the encoding.
   *
   * @throws IllegalArgumentException when an id's bytes also occur elsewhere by chance (generate
   *     the request again with another seed)
   */
  public static RequestTemplate of(ExportTraceServiceRequest request) {
    Map<ByteString, Integer> expected = new LinkedHashMap<>();
    int spans = 0;
    for (ResourceSpans rs : request.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span s : ss.getSpansList()) {
          spans++;
          expected.merge(s.getTraceId(), 1, Integer::sum);
          expected.merge(s.getSpanId(), 1, Integer::sum);
          if (!s.getParentSpanId().isEmpty()) {
            expected.merge(s.getParentSpanId(), 1, Integer::sum);
          }
        }
      }
    }
    byte[] body = request.toByteArray();
    int[][] offsets = new int[expected.size()][];
    int[] lengths = new int[expected.size()];
    int i = 0;
    for (Map.Entry<ByteString, Integer> e : expected.entrySet()) {
      byte[] id = e.getKey().toByteArray();
      List<Integer> found = occurrences(body, id);
      // A parent that is not in this request (a split trace) still occurs once per child.
      if (found.size() != e.getValue()) {
        throw new IllegalArgumentException(
            "id bytes occur " + found.size() + " times, expected " + e.getValue());
      }
      offsets[i] = found.stream().mapToInt(Integer::intValue).toArray();
      lengths[i] = id.length;
      i++;
    }
    return new RequestTemplate(body, spans, offsets, lengths);
  }

  /** Spans in the request. */
  public int spanCount() {
    return spanCount;
  }

  /** Encoded size in bytes. */
  public int size() {
    return body.length;
  }

  /** A copy of the request with every trace and span id replaced by a fresh random one. */
  public byte[] withFreshIds(SplittableRandom random) {
    byte[] copy = body.clone();
    patchFreshIds(random, (offset, id, length) -> System.arraycopy(id, 0, copy, offset, length));
    return copy;
  }

  /**
   * Appends the request to {@code target} with every trace and span id replaced by a fresh random
   * one: the same bytes as {@link #withFreshIds}, written straight into a (direct) network buffer
   * so the request is copied once on its way to the socket.
   */
  public void writeWithFreshIds(SplittableRandom random, ByteBuf target) {
    int base = target.writerIndex();
    target.writeBytes(body);
    patchFreshIds(random, (offset, id, length) -> target.setBytes(base + offset, id, 0, length));
  }

  /** Where {@link #patchFreshIds} puts a new id: {@code length} bytes of {@code id} at offset. */
  @FunctionalInterface
  private interface IdWriter {
    void write(int offset, byte[] id, int length);
  }

  private void patchFreshIds(SplittableRandom random, IdWriter writer) {
    byte[] id = new byte[16];
    for (int i = 0; i < idOffsets.length; i++) {
      int length = idLengths[i];
      do {
        for (int b = 0; b < length; b += 8) {
          long r = random.nextLong();
          for (int k = 0; k < 8 && b + k < length; k++) {
            id[b + k] = (byte) (r >>> (8 * k));
          }
        }
      } while (isZero(id, length));
      for (int offset : idOffsets[i]) {
        writer.write(offset, id, length);
      }
    }
  }

  private static boolean isZero(byte[] id, int length) {
    for (int i = 0; i < length; i++) {
      if (id[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static List<Integer> occurrences(byte[] haystack, byte[] needle) {
    List<Integer> found = new ArrayList<>();
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      found.add(i);
    }
    return found;
  }
}
