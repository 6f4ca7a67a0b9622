package dev.weft.server.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Authentication settings ({@code weft.auth.*}). */
@ConfigMapping(prefix = "weft.auth")
public interface AuthConfig {

  /**
   * Whether API keys are required. Turning this off is an explicit choice for local experiments:
   * every caller then acts as an admin of every project.
   */
  @WithDefault("true")
  boolean enabled();

  /**
   * A known admin key for the {@code default} project (env {@code WEFT_AUTH_BOOTSTRAP_ADMIN_KEY}),
   * so scripts and deployments can start a server with a key they already hold. When absent and no
   * key exists, the first start generates one and prints it once.
   */
  Optional<String> bootstrapAdminKey();

  /** How long a verified key is trusted before it is looked up again (revocation delay). */
  @WithDefault("PT30S")
  Duration keyCacheTtl();
}
