package dev.weft.tracing;

import dev.weft.tracing.runs.RunBuilder;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One configured Weft SDK: the tracer, capture and redaction settings, the exporter pipeline it
 * owns (when it built one) and the defaults for experiment runs. Most applications use the static
 * {@link Weft} facade, which holds one of these; tests and embedders may hold their own.
 */
public final class WeftSdk {

  private static final Logger LOG = Logger.getLogger(WeftSdk.class.getName());
  static final String INSTRUMENTATION_NAME = "dev.weft.tracing";

  private final OpenTelemetry openTelemetry;
  private final OpenTelemetrySdk owned;
  private final Tracer tracer;
  private final JsonCapture capture;
  private final SdkStats stats;
  private final boolean captureInputs;
  private final boolean captureOutputs;
  private final String endpoint;
  private final String apiKey;
  private final String project;
  private final boolean offline;
  private final Path runsDir;

  private WeftSdk(Builder b, OpenTelemetry openTelemetry, OpenTelemetrySdk owned, SdkStats stats) {
    this.openTelemetry = openTelemetry;
    this.owned = owned;
    this.tracer = openTelemetry.getTracer(INSTRUMENTATION_NAME, "0.1.0");
    this.stats = stats;
    this.capture = new JsonCapture(b.redactor, b.maxCaptureChars, stats);
    this.captureInputs = b.captureInputs;
    this.captureOutputs = b.captureOutputs;
    this.endpoint = b.endpoint;
    this.apiKey = b.apiKey;
    this.project = b.project;
    this.offline = b.offline;
    this.runsDir = b.runsDir;
  }

  /** A builder preloaded from system properties and the environment. */
  public static Builder builder() {
    return new Builder(Settings.system());
  }

  /** A builder preloaded from the given settings. */
  public static Builder builder(Settings settings) {
    return new Builder(settings);
  }

  /**
   * Uses an OpenTelemetry instance the application already configured. Weft creates spans through
   * it but does not own its exporters: add {@link #stampingProcessor()} and wrap the exporter with
   * {@link RedactingSpanExporter} on that SDK to get run/session stamping and redaction of foreign
   * spans.
   */
  public static WeftSdk attach(OpenTelemetry openTelemetry) {
    Builder b = builder();
    return new WeftSdk(b, Objects.requireNonNull(openTelemetry, "openTelemetry"), null, b.stats);
  }

  /** The span processor that stamps run and session ids onto every span. */
  public static SpanProcessor stampingProcessor() {
    return new WeftStampingSpanProcessor();
  }

  /** Whether this SDK built (and owns) its exporter pipeline. */
  public boolean ownsPipeline() {
    return owned != null;
  }

  /** The OpenTelemetry instance spans are created through. */
  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /** Weft's tracer. */
  public Tracer tracer() {
    return tracer;
  }

  /** The redactor applied to captured values (and to every exported span, when Weft owns it). */
  public Redactor redactor() {
    return capture.redactor();
  }

  /** Spans dropped so far: queue full, export failed after retries, or left at shutdown. */
  public long droppedSpans() {
    return stats.droppedSpans.get();
  }

  /** Failures inside the SDK that were swallowed instead of reaching the application. */
  public long instrumentationErrors() {
    return stats.errors.get();
  }

  /** The server's base URL (runs API and OTLP). */
  public String endpoint() {
    return endpoint;
  }

  /** The API key, or null. */
  public String apiKey() {
    return apiKey;
  }

  /** The default project for runs, or null. */
  public String project() {
    return project;
  }

  /** Whether runs are written to the local directory instead of the server. */
  public boolean offline() {
    return offline;
  }

  /** Where offline runs are written ({@code ~/.weft/runs} by default). */
  public Path runsDirectory() {
    return runsDir;
  }

  /** Exports what is buffered; waits at most the timeout. Never throws. */
  public boolean flush(Duration timeout) {
    if (owned == null) {
      return true;
    }
    try {
      return owned
          .getSdkTracerProvider()
          .forceFlush()
          .join(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .isSuccess();
    } catch (RuntimeException e) {
      stats.error();
      return false;
    }
  }

  /** Flushes and stops the exporter pipeline Weft owns. Never throws. */
  public void shutdown() {
    if (owned == null) {
      return;
    }
    try {
      owned.getSdkTracerProvider().shutdown().join(10, TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      stats.error();
    }
  }

  /** A traced operation named {@code name}, bound to this SDK. */
  public Op op(String name) {
    return new Op(this, Objects.requireNonNull(name, "name"));
  }

  /** A proxy that traces every call of {@code iface}'s methods on {@code impl}. */
  @SuppressWarnings("unchecked")
  public <T> T traced(Class<T> iface, T impl) {
    Objects.requireNonNull(iface, "iface");
    Objects.requireNonNull(impl, "impl");
    if (!iface.isInterface()) {
      throw new IllegalArgumentException(iface.getName() + " is not an interface");
    }
    return (T)
        Proxy.newProxyInstance(
            iface.getClassLoader(),
            new Class<?>[] {iface},
            new TracingInvocationHandler(this, iface, impl));
  }

  /** A hand-written LLM call span; see {@link LlmCall}. */
  public LlmCall llm(String operation, String provider, String model) {
    return new LlmCall(this, operation, provider, model);
  }

  /** A new experiment run with this SDK's endpoint, key, project and mode as defaults. */
  public RunBuilder run() {
    return RunBuilder.create(this);
  }

  // ---- the one place where spans of traced operations are made ----

  /** Specification of one traced operation. */
  record OpSpec(String name, String kind, boolean captureInputs, boolean captureOutput) {}

  /**
   * Runs {@code body} inside a span. Failures of the instrumentation are counted and swallowed; the
   * body's own exceptions are recorded and rethrown unchanged.
   */
  <T, E extends Throwable> T execute(OpSpec spec, Object input, CheckedSupplier<T, E> body)
      throws E {
    Span span;
    Scope scope;
    try {
      span = startOp(spec, input);
      scope = span.makeCurrent();
    } catch (RuntimeException | LinkageError e) {
      stats.error();
      return body.get();
    }
    try {
      T result = body.get();
      if (spec.captureOutput() && captureOutputs && span.isRecording()) {
        setCaptured(span, WeftAttributes.OUTPUT_VALUE, WeftAttributes.OUTPUT_MIME, result);
      }
      return result;
    } catch (Throwable t) {
      recordError(span, t);
      throw t;
    } finally {
      try {
        scope.close();
        span.end();
      } catch (RuntimeException e) {
        stats.error();
      }
    }
  }

  Span startOp(OpSpec spec, Object input) {
    SpanBuilder builder = tracer.spanBuilder(spec.name());
    if (spec.kind() != null && !spec.kind().isEmpty()) {
      builder.setAttribute(WeftAttributes.SPAN_KIND, spec.kind());
    }
    Span span = builder.startSpan();
    if (input != NO_INPUT && spec.captureInputs() && captureInputs && span.isRecording()) {
      setCaptured(span, WeftAttributes.INPUT_VALUE, WeftAttributes.INPUT_MIME, input);
    }
    return span;
  }

  /** Marker for operations without arguments. */
  static final Object NO_INPUT = new Object();

  void setCaptured(
      Span span, AttributeKey<String> valueKey, AttributeKey<String> mimeKey, Object value) {
    try {
      JsonCapture.Captured c = capture.capture(value);
      span.setAttribute(valueKey, c.json());
      span.setAttribute(mimeKey, c.truncated() ? "text/plain" : "application/json");
      if (c.truncated()) {
        span.setAttribute(
            valueKey.equals(WeftAttributes.INPUT_VALUE)
                ? WeftAttributes.INPUT_TRUNCATED
                : WeftAttributes.OUTPUT_TRUNCATED,
            true);
      }
    } catch (RuntimeException e) {
      stats.error();
    }
  }

  /** Captures a value as redacted, size-limited JSON text. */
  String captureJson(Object value) {
    return capture.capture(value).json();
  }

  String limitJson(String json) {
    return capture.limit(json).json();
  }

  void recordError(Span span, Throwable t) {
    try {
      String message = t.getMessage() == null ? "" : capture.redactor().redactText(t.getMessage());
      StringWriter trace = new StringWriter();
      t.printStackTrace(new PrintWriter(trace));
      span.setStatus(StatusCode.ERROR, message);
      span.addEvent(
          "exception",
          Attributes.of(
              AttributeKey.stringKey("exception.type"), t.getClass().getName(),
              AttributeKey.stringKey("exception.message"), message,
              AttributeKey.stringKey("exception.stacktrace"),
                  capture.redactor().redactText(trace.toString())));
    } catch (RuntimeException e) {
      stats.error();
    }
  }

  SdkStats stats() {
    return stats;
  }

  /** Configures a {@link WeftSdk}. Every setting has a documented default and env variable. */
  public static final class Builder {
    private final Settings settings;
    final SdkStats stats = new SdkStats();
    private String endpoint;
    private String apiKey;
    private String project;
    private String serviceName;
    private double sampleRatio;
    private Sampler sampler;
    private Redactor redactor = Redactor.defaults();
    private int maxCaptureChars;
    private boolean captureInputs;
    private boolean captureOutputs;
    private SpanExporter exporter;
    private final List<SpanProcessor> extraProcessors = new ArrayList<>();
    private int maxQueueSize;
    private int maxExportBatchSize;
    private long scheduleDelayMillis;
    private long exportTimeoutMillis;
    private boolean offline;
    private boolean disabled;
    private Path runsDir;
    private boolean shutdownHook = true;

    private Builder(Settings s) {
      this.settings = s;
      endpoint = stripSlash(s.get("WEFT_ENDPOINT", "http://localhost:8080"));
      apiKey = s.get("WEFT_API_KEY");
      project = s.get("WEFT_PROJECT");
      serviceName = s.get("OTEL_SERVICE_NAME", "weft-app");
      sampleRatio = s.getDouble("WEFT_SAMPLE_RATIO", ratioFromOtel(s));
      maxCaptureChars = (int) s.getLong("WEFT_CAPTURE_MAX_CHARS", 16_384);
      boolean captureAll = s.getBoolean("WEFT_CAPTURE", true);
      captureInputs = captureAll;
      captureOutputs = captureAll;
      maxQueueSize = (int) s.getLong("OTEL_BSP_MAX_QUEUE_SIZE", 2048);
      maxExportBatchSize = (int) s.getLong("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", 512);
      scheduleDelayMillis = s.getLong("OTEL_BSP_SCHEDULE_DELAY", 1000);
      exportTimeoutMillis = s.getLong("OTEL_BSP_EXPORT_TIMEOUT", 30_000);
      String mode = s.get("WEFT_MODE", "online").toLowerCase(Locale.ROOT);
      offline = mode.equals("offline");
      disabled = mode.equals("disabled") || s.getBoolean("OTEL_SDK_DISABLED", false);
      String dir = s.get("WEFT_DIR");
      Path base = dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".weft");
      runsDir = base.resolve("runs");
    }

    private static double ratioFromOtel(Settings s) {
      String sampler = s.get("OTEL_TRACES_SAMPLER", "parentbased_always_on");
      return switch (sampler.toLowerCase(Locale.ROOT)) {
        case "always_off", "parentbased_always_off" -> 0.0;
        case "traceidratio", "parentbased_traceidratio" ->
            s.getDouble("OTEL_TRACES_SAMPLER_ARG", 1.0);
        default -> 1.0;
      };
    }

    private static String stripSlash(String url) {
      return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Server base URL ({@code WEFT_ENDPOINT}, default {@code http://localhost:8080}). */
    public Builder endpoint(String url) {
      this.endpoint = stripSlash(Objects.requireNonNull(url, "url"));
      return this;
    }

    /** API key ({@code WEFT_API_KEY}); sent as {@code Authorization: Bearer}. */
    public Builder apiKey(String key) {
      this.apiKey = key;
      return this;
    }

    /** Default project for runs and the {@code weft.project} resource attribute. */
    public Builder project(String project) {
      this.project = project;
      return this;
    }

    /** {@code service.name} ({@code OTEL_SERVICE_NAME}, default {@code weft-app}). */
    public Builder serviceName(String name) {
      this.serviceName = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Share of new traces kept, parent-based: a child follows its parent's decision ({@code
     * WEFT_SAMPLE_RATIO}, or {@code OTEL_TRACES_SAMPLER}/{@code _ARG}; default 1.0).
     */
    public Builder sampleRatio(double ratio) {
      if (ratio < 0 || ratio > 1) {
        throw new IllegalArgumentException("sample ratio must be within [0, 1], was " + ratio);
      }
      this.sampleRatio = ratio;
      return this;
    }

    /** A sampler of your own instead of the ratio. */
    public Builder sampler(Sampler sampler) {
      this.sampler = sampler;
      return this;
    }

    /**
     * Redaction for captured values and every exported span (default {@link Redactor#defaults()}).
     */
    public Builder redactor(Redactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor");
      return this;
    }

    /** Largest captured JSON text, in chars ({@code WEFT_CAPTURE_MAX_CHARS}, default 16384). */
    public Builder maxCaptureChars(int chars) {
      if (chars < 16) {
        throw new IllegalArgumentException("max capture chars must be at least 16, was " + chars);
      }
      this.maxCaptureChars = chars;
      return this;
    }

    /** Whether operation arguments are captured ({@code WEFT_CAPTURE}, default true). */
    public Builder captureInputs(boolean capture) {
      this.captureInputs = capture;
      return this;
    }

    /** Whether return values are captured ({@code WEFT_CAPTURE}, default true). */
    public Builder captureOutputs(boolean capture) {
      this.captureOutputs = capture;
      return this;
    }

    /** Replaces the OTLP exporter (still wrapped with redaction and the bounded queue). */
    public Builder spanExporter(SpanExporter exporter) {
      this.exporter = exporter;
      return this;
    }

    /** An extra processor (runs after stamping, before export). */
    public Builder addSpanProcessor(SpanProcessor processor) {
      extraProcessors.add(Objects.requireNonNull(processor, "processor"));
      return this;
    }

    /** Bounded span queue ({@code OTEL_BSP_MAX_QUEUE_SIZE}, default 2048); full drops. */
    public Builder maxQueueSize(int size) {
      this.maxQueueSize = size;
      return this;
    }

    /** Spans per export request ({@code OTEL_BSP_MAX_EXPORT_BATCH_SIZE}, default 512). */
    public Builder maxExportBatchSize(int size) {
      this.maxExportBatchSize = size;
      return this;
    }

    /** Longest wait before a partial batch is exported ({@code OTEL_BSP_SCHEDULE_DELAY}, 1 s). */
    public Builder scheduleDelay(Duration delay) {
      this.scheduleDelayMillis = delay.toMillis();
      return this;
    }

    /** Time allowed per export including retries ({@code OTEL_BSP_EXPORT_TIMEOUT}, 30 s). */
    public Builder exportTimeout(Duration timeout) {
      this.exportTimeoutMillis = timeout.toMillis();
      return this;
    }

    /** Offline mode ({@code WEFT_MODE=offline}): runs go to {@link #runsDirectory}. */
    public Builder offline(boolean offline) {
      this.offline = offline;
      return this;
    }

    /** Directory for offline runs ({@code WEFT_DIR}/runs, default {@code ~/.weft/runs}). */
    public Builder runsDirectory(Path dir) {
      this.runsDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** Whether a JVM shutdown hook flushes spans (default true). */
    public Builder shutdownHook(boolean register) {
      this.shutdownHook = register;
      return this;
    }

    /** Builds the SDK and its own exporter pipeline. Never contacts the server. */
    public WeftSdk build() {
      AttributesBuilder resource =
          Attributes.builder().put(AttributeKey.stringKey("service.name"), serviceName);
      String extra = settings.get("OTEL_RESOURCE_ATTRIBUTES");
      if (extra != null) {
        for (String pair : extra.split(",")) {
          int eq = pair.indexOf('=');
          if (eq > 0) {
            resource.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
          }
        }
      }
      if (project != null) {
        resource.put("weft.project", project);
      }
      var providerBuilder =
          SdkTracerProvider.builder()
              .setResource(Resource.getDefault().merge(Resource.create(resource.build())))
              .setSampler(
                  sampler != null
                      ? sampler
                      : Sampler.parentBased(Sampler.traceIdRatioBased(sampleRatio)))
              .addSpanProcessor(new WeftStampingSpanProcessor());
      extraProcessors.forEach(providerBuilder::addSpanProcessor);
      SpanExporter chosen = exporter != null ? exporter : disabled || offline ? null : otlp();
      if (chosen != null) {
        providerBuilder.addSpanProcessor(
            new BoundedBatchSpanProcessor(
                RedactingSpanExporter.wrap(chosen, redactor),
                maxQueueSize,
                maxExportBatchSize,
                scheduleDelayMillis,
                exportTimeoutMillis,
                stats));
      }
      OpenTelemetrySdk sdk =
          OpenTelemetrySdk.builder()
              .setTracerProvider(providerBuilder.build())
              .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
              .build();
      WeftSdk weft = new WeftSdk(this, sdk, sdk, stats);
      if (shutdownHook) {
        try {
          Runtime.getRuntime().addShutdownHook(new Thread(weft::shutdown, "weft-shutdown-flush"));
        } catch (IllegalStateException e) {
          // already shutting down
        }
      }
      return weft;
    }

    private SpanExporter otlp() {
      String url = settings.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", endpoint + "/v1/traces");
      OtlpHttpSpanExporterBuilder b =
          OtlpHttpSpanExporter.builder()
              .setEndpoint(url)
              .setCompression("gzip")
              .setTimeout(Duration.ofMillis(settings.getLong("OTEL_EXPORTER_OTLP_TIMEOUT", 10_000)))
              .setRetryPolicy(
                  RetryPolicy.builder()
                      .setMaxAttempts(5)
                      .setInitialBackoff(Duration.ofMillis(500))
                      .setMaxBackoff(Duration.ofSeconds(5))
                      .setBackoffMultiplier(2)
                      .build());
      if (apiKey != null) {
        b.addHeader("Authorization", "Bearer " + apiKey);
      }
      try {
        return b.build();
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING, "Weft: could not build the OTLP exporter; spans are not exported", e);
        return null;
      }
    }
  }
}
