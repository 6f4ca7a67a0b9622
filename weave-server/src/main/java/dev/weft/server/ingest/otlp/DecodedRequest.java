package dev.weft.server.ingest.otlp;

import java.util.List;

/**
 * The result of decoding one OTLP export request: the valid spans and an account of the spans that
 * were rejected (e.g. ids of the wrong length), for the OTLP {@code partial_success} answer.
 *
 * @param spans the spans that passed validation, in wire order
 * @param rejectedSpans how many spans were rejected
 * @param rejectionMessage a human-readable summary of why spans were rejected, or empty
 */
public record DecodedRequest(List<DecodedSpan> spans, int rejectedSpans, String rejectionMessage) {}
