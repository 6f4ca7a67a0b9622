package dev.weft.tracing;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method (or every method of a type) as a traced operation: a span with its arguments as
 * input and its return value as output. Honoured by {@link Weft#traced(Class, Object)} proxies (on
 * the interface or the implementation) and, in CDI applications, by {@code
 * dev.weft.tracing.cdi.TracedInterceptor}. The CDI meta-annotations are ignored where CDI is
 * absent.
 */
@InterceptorBinding
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Traced {

  /** Span name; default {@code SimpleClassName.method}. */
  @Nonbinding
  String value() default "";

  /** {@code weft.span.kind}: chain, tool, agent, retriever, llm, ... ; empty for none. */
  @Nonbinding
  String kind() default "";

  /** Whether the arguments are captured as the span's input. */
  @Nonbinding
  boolean captureInputs() default true;

  /** Whether the return value is captured as the span's output. */
  @Nonbinding
  boolean captureOutput() default true;
}
