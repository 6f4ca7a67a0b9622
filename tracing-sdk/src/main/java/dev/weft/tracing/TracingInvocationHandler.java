package dev.weft.tracing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Traces each interface call on the implementation; {@link Traced} customises a method. */
final class TracingInvocationHandler implements InvocationHandler {

  private final WeftSdk sdk;
  private final Class<?> iface;
  private final Object impl;
  private final Map<Method, WeftSdk.OpSpec> specs = new ConcurrentHashMap<>();

  TracingInvocationHandler(WeftSdk sdk, Class<?> iface, Object impl) {
    this.sdk = sdk;
    this.iface = iface;
    this.impl = impl;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return switch (method.getName()) {
        case "equals" -> proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        case "toString" -> "traced(" + impl + ")";
        default -> invokeTarget(method, args);
      };
    }
    WeftSdk.OpSpec spec = specs.computeIfAbsent(method, this::spec);
    Object input = args == null || args.length == 0 ? WeftSdk.NO_INPUT : inputs(method, args);
    return sdk.execute(spec, input, () -> invokeTarget(method, args));
  }

  private Object invokeTarget(Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(impl, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  static Object inputs(Method method, Object[] args) {
    Parameter[] params = method.getParameters();
    Map<String, Object> in = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      in.put(params[i].getName(), args[i]);
    }
    return in;
  }

  private WeftSdk.OpSpec spec(Method method) {
    Traced t = find(method);
    String name = iface.getSimpleName() + "." + method.getName();
    if (t == null) {
      return new WeftSdk.OpSpec(name, null, true, true);
    }
    return new WeftSdk.OpSpec(
        t.value().isEmpty() ? name : t.value(), t.kind(), t.captureInputs(), t.captureOutput());
  }

  private Traced find(Method method) {
    try {
      Traced t = method.getAnnotation(Traced.class);
      if (t != null) {
        return t;
      }
      Method implMethod = impl.getClass().getMethod(method.getName(), method.getParameterTypes());
      t = implMethod.getAnnotation(Traced.class);
      if (t != null) {
        return t;
      }
      t = iface.getAnnotation(Traced.class);
      return t != null ? t : impl.getClass().getAnnotation(Traced.class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
