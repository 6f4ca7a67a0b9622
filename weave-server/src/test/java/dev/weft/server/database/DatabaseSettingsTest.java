package dev.weft.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

  @Test
  void withNothingConfiguredTheEmbeddedDatabaseLivesUnderTheHomeDirectory() {
    DatabaseSettings s = DatabaseSettings.from(key -> null, Map.of());
    assertThat(s.useEmbedded()).isTrue();
    assertThat(s.embeddedDirectory())
        .isEqualTo(Path.of(System.getProperty("user.home"), ".weft", "postgres"));
    assertThat(s.embeddedPort()).isZero();
  }

  @Test
  void aWeftOrQuarkusUrlSelectsTheExternalDatabase() {
    assertThat(
            DatabaseSettings.from(k -> null, Map.of("WEFT_DATABASE_URL", "jdbc:postgresql://db/w"))
                .useEmbedded())
        .isFalse();
    assertThat(
            DatabaseSettings.from(
                    k -> null, Map.of("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://db/w"))
                .useEmbedded())
        .isFalse();
  }

  @Test
  void systemPropertiesWinOverTheEnvironment() {
    DatabaseSettings s =
        DatabaseSettings.from(
            key -> key.equals("weft.embedded-db.dir") ? "/from/property" : null,
            Map.of("WEFT_EMBEDDED_DB_DIR", "/from/env", "WEFT_EMBEDDED_DB_PORT", "5499"));
    assertThat(s.embeddedDirectory()).isEqualTo(Path.of("/from/property"));
    assertThat(s.embeddedPort()).isEqualTo(5499);
  }
}
