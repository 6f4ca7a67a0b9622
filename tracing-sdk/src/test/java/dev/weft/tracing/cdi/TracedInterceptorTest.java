package dev.weft.tracing.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.tracing.Settings;
import dev.weft.tracing.Traced;
import dev.weft.tracing.Weft;
import dev.weft.tracing.WeftAttributes;
import dev.weft.tracing.WeftSdk;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The interceptor as a CDI container calls it (an {@link InvocationContext} per call). */
class TracedInterceptorTest {

  final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  WeftSdk sdk;

  @BeforeEach
  void install() {
    sdk =
        WeftSdk.builder(Settings.of(k -> null))
            .spanExporter(exporter)
            .scheduleDelay(Duration.ofMillis(20))
            .shutdownHook(false)
            .build();
    Weft.install(sdk);
  }

  @AfterEach
  void reset() {
    Weft.reset();
    sdk.shutdown();
  }

  /** A bean as an application writes it. */
  public static class Bean {
    @Traced(value = "rank", kind = "retriever")
    public List<String> rank(String query, int k) {
      return List.of(query + k);
    }

    @Traced
    public String fail() {
      throw new IllegalArgumentException("bad");
    }
  }

  @Test
  void anAnnotatedMethodBecomesASpanWithNamedArguments() throws Exception {
    Object result = new TracedInterceptor().trace(context("rank", "q", 3));

    assertThat(result).isEqualTo(List.of("q3"));
    SpanData s = only();
    assertThat(s.getName()).isEqualTo("rank");
    assertThat(s.getAttributes().get(WeftAttributes.SPAN_KIND)).isEqualTo("retriever");
    assertThat(s.getAttributes().get(WeftAttributes.INPUT_VALUE))
        .isEqualTo("{\"query\":\"q\",\"k\":3}");
    assertThat(s.getAttributes().get(WeftAttributes.OUTPUT_VALUE)).isEqualTo("[\"q3\"]");
  }

  @Test
  void theBeansExceptionPassesThroughAndIsRecorded() {
    assertThatThrownBy(() -> new TracedInterceptor().trace(context("fail")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad");
    SpanData s = only();
    assertThat(s.getName()).isEqualTo("Bean.fail");
    assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  private SpanData only() {
    sdk.flush(Duration.ofSeconds(10));
    assertThat(exporter.getFinishedSpanItems()).hasSize(1);
    return exporter.getFinishedSpanItems().get(0);
  }

  private static InvocationContext context(String methodName, Object... args) {
    Bean bean = new Bean();
    Method method =
        java.util.Arrays.stream(Bean.class.getMethods())
            .filter(m -> m.getName().equals(methodName))
            .findFirst()
            .orElseThrow();
    Map<String, Object> data = new HashMap<>();
    return new InvocationContext() {
      @Override
      public Object getTarget() {
        return bean;
      }

      @Override
      public Object getTimer() {
        return null;
      }

      @Override
      public Method getMethod() {
        return method;
      }

      @Override
      public Constructor<?> getConstructor() {
        return null;
      }

      @Override
      public Object[] getParameters() {
        return args;
      }

      @Override
      public void setParameters(Object[] params) {}

      @Override
      public Map<String, Object> getContextData() {
        return data;
      }

      @Override
      public Object proceed() throws Exception {
        try {
          return method.invoke(bean, args);
        } catch (InvocationTargetException e) {
          throw (Exception) e.getCause();
        }
      }
    };
  }
}
