package dev.weft.tracing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A named traced operation: wraps lambdas so each call is a span, nested under the current span,
 * with the arguments as input and the result as output (JSON, redacted, size-limited). Exceptions
 * are recorded (status error + exception event) and rethrown unchanged; a failure of the tracing
 * itself never reaches the caller.
 *
 * <pre>{@code
 * Function<String, String> answer = Weft.op("answer").kind("chain").function(q -> llm.chat(q));
 * String a = Weft.op("retrieve").call(() -> store.search(query));
 * }</pre>
 *
 * <p>Instances are immutable; setters return a copy. An {@code Op} obtained from {@link Weft} binds
 * to whichever SDK {@link Weft} holds at call time, so wrappers can be created before {@code
 * Weft.init()}.
 */
public final class Op {

  private final WeftSdk sdk;
  private final String name;
  private final String kind;
  private final boolean captureInputs;
  private final boolean captureOutput;

  Op(WeftSdk sdk, String name) {
    this(sdk, name, null, true, true);
  }

  private Op(WeftSdk sdk, String name, String kind, boolean captureInputs, boolean captureOutput) {
    this.sdk = sdk;
    this.name = name;
    this.kind = kind;
    this.captureInputs = captureInputs;
    this.captureOutput = captureOutput;
  }

  /** Sets {@code weft.span.kind} (chain, tool, agent, retriever, llm, embedding). */
  public Op kind(String kind) {
    return new Op(sdk, name, kind, captureInputs, captureOutput);
  }

  /** Whether arguments are captured (default true). */
  public Op captureInputs(boolean capture) {
    return new Op(sdk, name, kind, capture, captureOutput);
  }

  /** Whether the result is captured (default true). */
  public Op captureOutput(boolean capture) {
    return new Op(sdk, name, kind, captureInputs, capture);
  }

  private WeftSdk sdk() {
    return sdk != null ? sdk : Weft.current();
  }

  private WeftSdk.OpSpec spec() {
    return new WeftSdk.OpSpec(name, kind, captureInputs, captureOutput);
  }

  /** Runs {@code body} now, traced. */
  public <T, E extends Throwable> T call(CheckedSupplier<T, E> body) throws E {
    return sdk().execute(spec(), WeftSdk.NO_INPUT, body);
  }

  /** Runs {@code body} now, traced. */
  public <E extends Throwable> void run(CheckedRunnable<E> body) throws E {
    sdk()
        .execute(
            spec(),
            WeftSdk.NO_INPUT,
            () -> {
              body.run();
              return null;
            });
  }

  /** Applies {@code body} to {@code input} now, traced with the input captured. */
  public <T, R, E extends Throwable> R apply(T input, CheckedFunction<T, R, E> body) throws E {
    return sdk().execute(spec(), input, () -> body.apply(input));
  }

  /** A traced {@link Supplier}. */
  public <T> Supplier<T> supplier(Supplier<T> body) {
    return () -> sdk().execute(spec(), WeftSdk.NO_INPUT, body::get);
  }

  /** A traced {@link Function}; the argument is the input. */
  public <T, R> Function<T, R> function(Function<T, R> body) {
    return t -> sdk().execute(spec(), t, () -> body.apply(t));
  }

  /** A traced {@link BiFunction}; the input is {@code {"arg0": .., "arg1": ..}}. */
  public <T, U, R> BiFunction<T, U, R> biFunction(BiFunction<T, U, R> body) {
    return (t, u) -> sdk().execute(spec(), args(t, u), () -> body.apply(t, u));
  }

  /** A traced {@link Callable}. */
  public <T> Callable<T> callable(Callable<T> body) {
    return () -> sdk().execute(spec(), WeftSdk.NO_INPUT, body::call);
  }

  /** A traced {@link Runnable}. */
  public Runnable runnable(Runnable body) {
    return () ->
        sdk()
            .execute(
                spec(),
                WeftSdk.NO_INPUT,
                () -> {
                  body.run();
                  return null;
                });
  }

  /** A traced {@link CheckedSupplier}. */
  public <T, E extends Throwable> CheckedSupplier<T, E> checkedSupplier(
      CheckedSupplier<T, E> body) {
    return () -> sdk().execute(spec(), WeftSdk.NO_INPUT, body);
  }

  /** A traced {@link CheckedFunction}. */
  public <T, R, E extends Throwable> CheckedFunction<T, R, E> checkedFunction(
      CheckedFunction<T, R, E> body) {
    return t -> sdk().execute(spec(), t, () -> body.apply(t));
  }

  /** A traced {@link CheckedBiFunction}. */
  public <T, U, R, E extends Throwable> CheckedBiFunction<T, U, R, E> checkedBiFunction(
      CheckedBiFunction<T, U, R, E> body) {
    return (t, u) -> sdk().execute(spec(), args(t, u), () -> body.apply(t, u));
  }

  /** A traced {@link CheckedRunnable}. */
  public <E extends Throwable> CheckedRunnable<E> checkedRunnable(CheckedRunnable<E> body) {
    return () -> run(body);
  }

  private static Map<String, Object> args(Object a, Object b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("arg0", a);
    m.put("arg1", b);
    return m;
  }
}
