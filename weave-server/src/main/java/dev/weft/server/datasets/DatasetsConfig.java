package dev.weft.server.datasets;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Dataset limits ({@code weft.datasets.*}). */
@ConfigMapping(prefix = "weft.datasets")
public interface DatasetsConfig {

  /**
   * Largest request body accepted by the datasets API (uploads, edits), in bytes; larger ones get
   * 413. Must not exceed {@code quarkus.http.limits.max-body-size}, which cuts off bodies first.
   */
  @WithDefault("16777216")
  int maxUploadBytes();

  /** Most rows one request may add or replace (import, edit, from-traces); more get 413. */
  @WithDefault("100000")
  int maxRowsPerRequest();

  /** Most rows in one version; an edit that would make a larger one gets 413. */
  @WithDefault("1000000")
  int maxRowsPerVersion();

  /** Largest page of rows a read may ask for. */
  @WithDefault("1000")
  int maxPageSize();

  /** Most traces or spans one from-traces request may select. */
  @WithDefault("1000")
  int maxTraceSelection();
}
