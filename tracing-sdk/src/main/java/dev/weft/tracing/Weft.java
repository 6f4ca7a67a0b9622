package dev.weft.tracing;

import dev.weft.tracing.runs.RunBuilder;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Entry point of the Weft SDK.
 *
 * <pre>{@code
 * Weft.init();                                   // WEFT_ENDPOINT, WEFT_API_KEY, WEFT_PROJECT, OTEL_*
 * String answer = Weft.op("answer").call(() -> assistant.answer(question));
 * MyService traced = Weft.traced(MyService.class, new MyServiceImpl());
 * Weft.session("conv-1", () -> traced.reply("hi"));
 * try (WeftRun run = Weft.run().name("baseline").config(Map.of("lr", 1e-3)).start()) {
 *   run.log(Map.of("loss", 0.25));
 * }
 * }</pre>
 *
 * <p>Before {@link #init()} (or {@link #install}), Weft creates spans through {@link
 * GlobalOpenTelemetry} — a no-op unless the application or an agent configured one — so library
 * code may use Weft unconditionally. Nothing here throws into the application or blocks on the
 * server.
 */
public final class Weft {
  private Weft() {}

  private static volatile WeftSdk current;

  /**
   * Configures Weft from system properties and the environment, builds its exporter pipeline (OTLP
   * http/protobuf to {@code <WEFT_ENDPOINT>/v1/traces}) and makes it current. Idempotent.
   */
  public static synchronized WeftSdk init() {
    if (current == null || !current.ownsPipeline()) {
      current = WeftSdk.builder().build();
    }
    return current;
  }

  /** Makes a configured SDK current ({@code Weft.install(WeftSdk.builder()...build())}). */
  public static synchronized WeftSdk install(WeftSdk sdk) {
    current = Objects.requireNonNull(sdk, "sdk");
    return sdk;
  }

  /** Uses the application's own OpenTelemetry; see {@link WeftSdk#attach}. */
  public static synchronized WeftSdk attach(OpenTelemetry openTelemetry) {
    return install(WeftSdk.attach(openTelemetry));
  }

  /** A builder for a custom configuration. */
  public static WeftSdk.Builder builder() {
    return WeftSdk.builder();
  }

  /** The current SDK: the installed one, else one over {@link GlobalOpenTelemetry}. */
  public static WeftSdk current() {
    WeftSdk sdk = current;
    if (sdk == null) {
      synchronized (Weft.class) {
        if (current == null) {
          current = WeftSdk.attach(GlobalOpenTelemetry.get());
        }
        sdk = current;
      }
    }
    return sdk;
  }

  /** Forgets the current SDK (tests). Does not shut it down. */
  public static synchronized void reset() {
    current = null;
  }

  /** A traced operation; see {@link Op}. */
  public static Op op(String name) {
    return new Op(null, Objects.requireNonNull(name, "name"));
  }

  /** Runs {@code body} now as a traced operation named {@code name}. */
  public static <T, E extends Throwable> T trace(String name, CheckedSupplier<T, E> body) throws E {
    return op(name).call(body);
  }

  /** Runs {@code body} now as a traced operation named {@code name}. */
  public static <E extends Throwable> void trace(String name, CheckedRunnable<E> body) throws E {
    op(name).run(body);
  }

  /** A proxy tracing every call of {@code iface} on {@code impl}; see {@link Traced}. */
  public static <T> T traced(Class<T> iface, T impl) {
    return current().traced(iface, impl);
  }

  /** An LLM call span builder; see {@link LlmCall}. */
  public static LlmCall llm(String operation, String provider, String model) {
    return current().llm(operation, provider, model);
  }

  /**
   * Every span started by {@code body} (in this thread, or where its context goes) has this
   * session.
   */
  public static <T> T session(String sessionId, Supplier<T> body) {
    try (Scope ignored = session(sessionId)) {
      return body.get();
    }
  }

  /** Every span started by {@code body} has this session. */
  public static void session(String sessionId, Runnable body) {
    try (Scope ignored = session(sessionId)) {
      body.run();
    }
  }

  /** Makes {@code sessionId} current until the returned scope is closed. */
  public static Scope session(String sessionId) {
    Objects.requireNonNull(sessionId, "sessionId");
    return WeftContext.withSession(Context.current(), sessionId).makeCurrent();
  }

  /** A new experiment run; see {@link dev.weft.tracing.runs.WeftRun}. */
  public static RunBuilder run() {
    return current().run();
  }

  /** Spans dropped by the current SDK (queue full, export failed). */
  public static long droppedSpans() {
    return current().droppedSpans();
  }

  /** SDK-internal failures swallowed so far. */
  public static long instrumentationErrors() {
    return current().instrumentationErrors();
  }

  /** Exports buffered spans, waiting at most {@code timeout}. */
  public static boolean flush(Duration timeout) {
    return current().flush(timeout);
  }

  /** Flushes and stops the current SDK's exporter. */
  public static void shutdown() {
    current().shutdown();
  }
}
