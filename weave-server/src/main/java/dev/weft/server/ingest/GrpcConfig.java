package dev.weft.server.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** OTLP/gRPC receiver settings ({@code weft.grpc.*}). */
@ConfigMapping(prefix = "weft.grpc")
public interface GrpcConfig {

  /** Whether to listen for OTLP/gRPC at all. */
  @WithDefault("true")
  boolean enabled();

  /** Port of the OTLP/gRPC receiver (4317 is the OTLP default); 0 picks a free one. */
  @WithDefault("4317")
  int port();

  /** Interface to bind. */
  @WithDefault("0.0.0.0")
  String host();
}
