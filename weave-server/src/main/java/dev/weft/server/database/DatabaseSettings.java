package dev.weft.server.database;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Decides, before Quarkus starts, which PostgreSQL the server uses: an external one when a URL is
 * configured, else an embedded one with its data under the user's home.
 *
 * <p>Settings are read from system properties first, then environment variables:
 *
 * <ul>
 *   <li>{@code weft.database.url} / {@code WEFT_DATABASE_URL}: JDBC URL of an external PostgreSQL
 *       ({@code jdbc:postgresql://host:5432/weft}); {@code weft.database.username}, {@code
 *       weft.database.password} go with it. The plain Quarkus datasource settings ({@code
 *       QUARKUS_DATASOURCE_REACTIVE_URL} and {@code QUARKUS_DATASOURCE_JDBC_URL}) work as well.
 *   <li>{@code weft.embedded-db.dir} / {@code WEFT_EMBEDDED_DB_DIR}: data directory of the embedded
 *       database, default {@code ~/.weft/postgres}.
 *   <li>{@code weft.embedded-db.port} / {@code WEFT_EMBEDDED_DB_PORT}: its port, default a free
 *       one.
 * </ul>
 *
 * @param externalJdbcUrl the external JDBC URL, or {@code null}
 * @param quarkusDatasourceConfigured whether the Quarkus datasource URLs are set directly
 * @param embeddedDirectory the embedded data directory
 * @param embeddedPort the embedded port, 0 for any free port
 */
public record DatabaseSettings(
    String externalJdbcUrl,
    boolean quarkusDatasourceConfigured,
    Path embeddedDirectory,
    int embeddedPort) {

  /** Reads the settings from system properties and the environment. */
  public static DatabaseSettings fromEnvironment() {
    return from(System.getProperties()::getProperty, System.getenv());
  }

  /** Reads the settings from the given property lookup and environment (for tests). */
  static DatabaseSettings from(Function<String, String> properties, Map<String, String> env) {
    String url = first(properties.apply("weft.database.url"), env.get("WEFT_DATABASE_URL"));
    boolean quarkusConfigured =
        first(
                properties.apply("quarkus.datasource.reactive.url"),
                env.get("QUARKUS_DATASOURCE_REACTIVE_URL"))
            != null;
    String dir = first(properties.apply("weft.embedded-db.dir"), env.get("WEFT_EMBEDDED_DB_DIR"));
    String port =
        first(properties.apply("weft.embedded-db.port"), env.get("WEFT_EMBEDDED_DB_PORT"));
    Path directory =
        dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".weft", "postgres");
    return new DatabaseSettings(
        url, quarkusConfigured, directory, port == null ? 0 : Integer.parseInt(port.trim()));
  }

  /** Whether the server should start its own PostgreSQL. */
  public boolean useEmbedded() {
    return externalJdbcUrl == null && !quarkusDatasourceConfigured;
  }

  private static String first(String a, String b) {
    if (a != null && !a.isBlank()) {
      return a;
    }
    return b != null && !b.isBlank() ? b : null;
  }
}
