package dev.weft.server.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Retention settings ({@code weft.retention.*}). */
@ConfigMapping(prefix = "weft.retention")
public interface RetentionConfig {

  /**
   * Days of spans and traces kept; older daily partitions are dropped every hour, and spans that
   * start before the window are not taken. 0 keeps everything.
   */
  @WithDefault("0")
  int days();
}
