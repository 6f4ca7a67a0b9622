package dev.weft.tracing.cdi;

import dev.weft.tracing.Traced;
import dev.weft.tracing.Weft;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CDI interceptor for {@link Traced}: each call of an annotated bean method becomes a traced
 * operation of the current {@link Weft} SDK. Only CDI applications load this class; the CDI APIs
 * are {@code provided} dependencies of the SDK.
 */
@Traced
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 100)
public class TracedInterceptor {

  /** Wraps the invocation in a span. */
  @AroundInvoke
  public Object trace(InvocationContext ctx) throws Exception {
    Method method = ctx.getMethod();
    Traced traced = method.getAnnotation(Traced.class);
    Class<?> type = method.getDeclaringClass();
    if (traced == null) {
      traced = ctx.getTarget() == null ? null : findOnType(ctx.getTarget().getClass());
    }
    String name = type.getSimpleName() + "." + method.getName();
    var op = Weft.op(traced == null || traced.value().isEmpty() ? name : traced.value());
    if (traced != null) {
      op = op.captureInputs(traced.captureInputs()).captureOutput(traced.captureOutput());
      if (!traced.kind().isEmpty()) {
        op = op.kind(traced.kind());
      }
    }
    Object[] args = ctx.getParameters();
    if (args == null || args.length == 0) {
      return op.call(ctx::proceed);
    }
    return op.apply(inputs(method, args), in -> ctx.proceed());
  }

  private static Traced findOnType(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      Traced t = c.getAnnotation(Traced.class);
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  private static Map<String, Object> inputs(Method method, Object[] args) {
    Parameter[] params = method.getParameters();
    Map<String, Object> in = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      in.put(params[i].getName(), args[i]);
    }
    return in;
  }
}
