package dev.weft.bench;

import java.util.SplittableRandom;

/** Template span rows a COPY writer emits again and again under fresh ids, in one format. */
public interface CopyTemplates {

  /** The COPY format the rows are encoded in. */
  CopyFormat format();

  /**
   * Writes the data of one whole {@code COPY} statement (with the format's header and trailer, if
   * any): whole traces, starting at a random one, until at least {@code minRows} rows, each trace
   * under a new trace id and new span ids; parent ids follow their spans.
   *
   * @return rows written
   */
  int writeBatch(CopyRows.Batch out, int minRows, SplittableRandom random);
}
