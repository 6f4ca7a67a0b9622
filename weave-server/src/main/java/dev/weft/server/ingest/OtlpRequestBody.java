package dev.weft.server.ingest;

import dev.weft.server.common.ProblemException;
import dev.weft.server.ingest.otlp.OtlpDecodeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The body of an OTLP/HTTP export request as the decoders need it: decompressed when {@code
 * Content-Encoding} says gzip, within {@code weft.ingest.max-decompressed-bytes}.
 */
final class OtlpRequestBody {

  private OtlpRequestBody() {}

  /**
   * The request's bytes, decompressed if needed. The header is checked at once; the decompression
   * runs when the returned supplier is called, so that it happens where the decoding does (on a
   * worker thread, not the event loop). No bytes is a valid request: the empty one, which carries
   * no telemetry and which the OTLP specification says to answer with success ({@link
   * OtlpEncoding#decode}).
   *
   * @param body the body as received
   * @param contentEncoding the {@code Content-Encoding} header, or {@code null}
   * @param maxDecompressedBytes the most bytes a gzip body may decompress to
   * @return the bytes to decode; the supplier throws {@link ProblemException} 413 for a body
   *     decompressing past the limit and {@link OtlpDecodeException} for one that is not gzip
   * @throws ProblemException 415 for an encoding other than gzip or identity
   */
  static Supplier<byte[]> read(byte[] body, String contentEncoding, int maxDecompressedBytes) {
    boolean gzip = isGzip(contentEncoding);
    byte[] bytes = body == null ? new byte[0] : body;
    return gzip && bytes.length > 0 ? () -> gunzip(bytes, maxDecompressedBytes) : () -> bytes;
  }

  private static boolean isGzip(String contentEncoding) {
    if (contentEncoding == null || contentEncoding.isBlank()) {
      return false;
    }
    String value = contentEncoding.trim().toLowerCase(Locale.ROOT);
    if (value.equals("gzip")) {
      return true;
    }
    if (value.equals("identity")) {
      return false;
    }
    throw ProblemException.unsupportedMediaType(
        "Content-Encoding '" + contentEncoding + "' is not supported; use gzip or none");
  }

  private static byte[] gunzip(byte[] body, int limit) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body), 8192)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, body.length * 4));
      byte[] buffer = new byte[16384];
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (out.size() + n > limit) {
          throw ProblemException.tooLarge(
              "the request body decompresses to more than "
                  + limit
                  + " bytes (weft.ingest.max-decompressed-bytes); send smaller batches");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (ZipException | java.io.EOFException e) {
      throw new OtlpDecodeException(
          "Content-Encoding is gzip but the body is not valid gzip data: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new OtlpDecodeException("could not decompress the gzip body: " + e.getMessage(), e);
    }
  }
}
