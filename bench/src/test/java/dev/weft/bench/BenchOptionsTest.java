package dev.weft.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ingest benchmark's options: defaults, flags and the errors a typo gets. */
class BenchOptionsTest {

  @Test
  void defaultsWarmUpForTwoMinutesThenEmptyTheSpanTablesBeforeTheWindow() {
    BenchOptions options = BenchOptions.parse();

    assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(120));
    assertThat(options.duration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.keepWarmupSpans()).isFalse();
    assertThat(options.copyFormats()).containsExactly(CopyFormat.TEXT, CopyFormat.BINARY);
    assertThat(options.database()).as("no --database-url: an embedded cluster").isNull();
  }

  @Test
  void aDatabaseUrlIsUsedWithItsUserAndPassword() {
    BenchOptions options =
        BenchOptions.parse(
            "--database-url",
            "jdbc:postgresql://localhost:5433/weft_bench",
            "--database-password",
            "s3cret");

    assertThat(options.database())
        .isEqualTo(
            new BenchOptions.Database(
                "jdbc:postgresql://localhost:5433/weft_bench", "postgres", "s3cret"));
  }

  @Test
  void aDatabaseUrlThatIsNotAPostgresJdbcUrlIsRefused() {
    assertThatThrownBy(() -> BenchOptions.parse("--database-url", "postgres://localhost/weft"))
        .hasMessageContaining("--database-url expects a PostgreSQL JDBC URL");
  }

  @Test
  void keepWarmupSpansAndListsAreParsed() {
    BenchOptions options =
        BenchOptions.parse(
            "--keep-warmup-spans",
            "--warmup",
            "30",
            "--warmup",
            "0",
            "--copy-writers",
            "1, 2,4",
            "--copy-formats",
            "binary",
            "--server-jvm-opt",
            "-XX:+UnlockDiagnosticVMOptions",
            "--server-jvm-opt=-Xmx2g");

    assertThat(options.keepWarmupSpans()).isTrue();
    assertThat(options.warmup()).isZero();
    assertThat(options.copyWriters()).isEqualTo(List.of(1, 2, 4));
    assertThat(options.copyFormats()).containsExactly(CopyFormat.BINARY);
    assertThat(options.serverJvmOptions())
        .containsExactly("-XX:+UnlockDiagnosticVMOptions", "-Xmx2g");
  }

  @Test
  void badValuesAreRefusedWithTheOptionNameAndTheUsage() {
    assertThatThrownBy(() -> BenchOptions.parse("--clients", "many"))
        .isInstanceOf(BenchOptions.Usage.class)
        .hasMessageContaining("--clients")
        .hasMessageContaining("'many'")
        .satisfies(
            e -> assertThat(((BenchOptions.Usage) e).text()).contains("--keep-warmup-spans"));
    assertThatThrownBy(() -> BenchOptions.parse("--duration", "0"))
        .hasMessage("--duration must be positive, got 0");
    assertThatThrownBy(() -> BenchOptions.parse("--copy-writers", "1,x"))
        .hasMessage("--copy-writers expects a whole number, got 'x'");
    assertThatThrownBy(() -> BenchOptions.parse("--copy-formats", "csv"))
        .hasMessage("unknown COPY format 'csv'; use text or binary");
    assertThatThrownBy(() -> BenchOptions.parse("--warmup")).hasMessageContaining("--warmup");
  }

  @Test
  void aMistypedFlagIsReportedAsUnknownEvenAsTheLastArgument() {
    assertThatThrownBy(() -> BenchOptions.parse("--keep-warm-up"))
        .hasMessageContaining("Unknown option")
        .hasMessageContaining("--keep-warm-up");
  }

  @Test
  void helpIsAUsageWithoutAnError() {
    assertThatThrownBy(() -> BenchOptions.parse("--help"))
        .isInstanceOf(BenchOptions.Usage.class)
        .hasMessage("")
        .satisfies(e -> assertThat(((BenchOptions.Usage) e).text()).contains("--copy-formats"));
  }
}
