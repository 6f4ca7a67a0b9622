package dev.weft.langchain4j;

import static dev.weft.langchain4j.Instrumentation.*;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.observability.api.event.AiServiceCompletedEvent;
import dev.langchain4j.observability.api.event.AiServiceErrorEvent;
import dev.langchain4j.observability.api.event.AiServiceRequestIssuedEvent;
import dev.langchain4j.observability.api.event.AiServiceResponseReceivedEvent;
import dev.langchain4j.observability.api.event.AiServiceStartedEvent;
import dev.langchain4j.observability.api.listener.AiServiceCompletedListener;
import dev.langchain4j.observability.api.listener.AiServiceErrorListener;
import dev.langchain4j.observability.api.listener.AiServiceListener;
import dev.langchain4j.observability.api.listener.AiServiceRequestIssuedListener;
import dev.langchain4j.observability.api.listener.AiServiceResponseReceivedListener;
import dev.langchain4j.observability.api.listener.AiServiceStartedListener;
import dev.langchain4j.service.tool.BeforeToolExecution;
import dev.langchain4j.service.tool.ToolExecution;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Spans for AI-service invocations ({@code invoke_agent {Service}}) and their tool executions
 * ({@code execute_tool {name}}), built on LangChain4j's AI-service events and tool hooks.
 *
 * <p>Every span is found again by the invocation id LangChain4j gives each call, never by thread,
 * so streaming services and tools run on an executor nest correctly and concurrent invocations
 * never cross-link.
 */
final class WeftAiServiceListeners {

  private final Instrumentation in;
  private final Map<ToolKey, Span> tools = new ConcurrentHashMap<>();

  private record ToolKey(UUID invocationId, ToolExecutionRequest request) {}

  WeftAiServiceListeners(Instrumentation in) {
    this.in = in;
  }

  /** The AI-service listeners to register on a builder. */
  List<AiServiceListener<?>> listeners() {
    return List.of(
        (AiServiceStartedListener) this::started,
        (AiServiceRequestIssuedListener) this::requestIssued,
        (AiServiceResponseReceivedListener) this::responseReceived,
        (AiServiceCompletedListener) this::completed,
        (AiServiceErrorListener) this::error);
  }

  private void started(AiServiceStartedEvent event) {
    try {
      InvocationContext ic = event.invocationContext();
      if (ic == null || ic.invocationId() == null) {
        return;
      }
      if (in.invocations.size() >= MAX_OPEN_INVOCATIONS) {
        WeftLangChain4j.countError(new IllegalStateException("too many open AI-service calls"));
        return;
      }
      String service = simpleName(ic.interfaceName());
      var b =
          in.tracer()
              .spanBuilder("invoke_agent " + service)
              .setSpanKind(SpanKind.INTERNAL)
              .setParent(Context.current())
              .setAttribute(OPERATION, "invoke_agent")
              .setAttribute(AGENT_NAME, service)
              .setAttribute(INVOCATION_ID, ic.invocationId().toString());
      if (ic.methodName() != null) {
        b.setAttribute(AI_SERVICE_METHOD, ic.methodName());
      }
      String provider = providerName(ic.modelProvider());
      if (provider != null) {
        b.setAttribute(PROVIDER, provider);
      }
      if (ic.defaultRequestParameters() != null
          && ic.defaultRequestParameters().modelName() != null) {
        b.setAttribute(REQUEST_MODEL, ic.defaultRequestParameters().modelName());
      }
      Object memoryId = ic.chatMemoryId();
      if (memoryId != null && !"default".equals(memoryId)) {
        b.setAttribute(CONVERSATION_ID, String.valueOf(memoryId));
      }
      if (in.captureContent) {
        event
            .systemMessage()
            .ifPresent(
                s -> b.setAttribute(SYSTEM_INSTRUCTIONS, in.json.systemInstructions(List.of(s))));
        if (event.userMessage() != null) {
          b.setAttribute(INPUT_MESSAGES, in.json.userMessage(event.userMessage()));
        }
      }
      in.invocations.put(ic.invocationId(), b.startSpan());
    } catch (RuntimeException | LinkageError e) {
      WeftLangChain4j.countError(e);
    }
  }

  private void requestIssued(AiServiceRequestIssuedEvent event) {
    try {
      UUID id = event.invocationContext().invocationId();
      Span span = in.invocations.get(id);
      if (span != null) {
        in.handOver(id, Context.current().with(span));
      }
    } catch (RuntimeException | LinkageError e) {
      WeftLangChain4j.countError(e);
    }
  }

  private void responseReceived(AiServiceResponseReceivedEvent event) {
    try {
      in.clearHandOver(event.invocationContext().invocationId());
    } catch (RuntimeException | LinkageError e) {
      WeftLangChain4j.countError(e);
    }
  }

  private void completed(AiServiceCompletedEvent event) {
    try {
      UUID id = event.invocationContext().invocationId();
      in.clearHandOver(id);
      Span span = in.invocations.remove(id);
      if (span == null) {
        return;
      }
      if (in.captureContent) {
        Object result = event.result().orElse(null);
        if (result instanceof dev.langchain4j.service.Result<?> r) {
          result = r.content();
        }
        if (result instanceof String text) {
          span.setAttribute(OUTPUT_MESSAGES, in.json.assistantText(text));
        } else if (result instanceof dev.langchain4j.model.chat.response.ChatResponse cr
            && cr.aiMessage() != null) {
          span.setAttribute(OUTPUT_MESSAGES, in.json.outputMessages(cr.aiMessage(), null));
        } else if (result != null) {
          span.setAttribute(OUTPUT_MESSAGES, in.json.assistantText(String.valueOf(result)));
        }
      }
      span.end();
    } catch (RuntimeException | LinkageError e) {
      WeftLangChain4j.countError(e);
    }
  }

  private void error(AiServiceErrorEvent event) {
    try {
      UUID id = event.invocationContext().invocationId();
      in.clearHandOver(id);
      Span span = in.invocations.remove(id);
      if (span != null) {
        fail(span, event.error());
        span.end();
      }
    } catch (RuntimeException | LinkageError e) {
      WeftLangChain4j.countError(e);
    }
  }

  /** Starts the span of a tool execution, on the thread that runs the tool. */
  Consumer<BeforeToolExecution> beforeTool() {
    return before -> {
      try {
        ToolExecutionRequest request = before.request();
        UUID id = invocationId(before.invocationContext());
        var b =
            in.tracer()
                .spanBuilder("execute_tool " + request.name())
                .setSpanKind(SpanKind.INTERNAL)
                .setParent(in.invocationContext(id))
                .setAttribute(OPERATION, "execute_tool")
                .setAttribute(TOOL_TYPE, "function");
        if (request.name() != null) {
          b.setAttribute(TOOL_NAME, request.name());
        }
        if (request.id() != null) {
          b.setAttribute(TOOL_CALL_ID, request.id());
        }
        if (in.captureContent && request.arguments() != null) {
          b.setAttribute(TOOL_ARGUMENTS, in.json.limit(request.arguments()));
        }
        tools.put(new ToolKey(id, request), b.startSpan());
      } catch (RuntimeException | LinkageError e) {
        WeftLangChain4j.countError(e);
      }
    };
  }

  /** Ends the span of a tool execution with its result. */
  Consumer<ToolExecution> afterTool() {
    return execution -> {
      try {
        Span span =
            tools.remove(
                new ToolKey(invocationId(execution.invocationContext()), execution.request()));
        if (span == null) {
          return;
        }
        String result = execution.result();
        if (in.captureContent && result != null) {
          span.setAttribute(TOOL_RESULT, in.json.limit(result));
        }
        if (execution.hasFailed()) {
          span.setStatus(StatusCode.ERROR, Objects.toString(result, "tool failed"));
          span.setAttribute(ERROR_TYPE, "tool_error");
        }
        span.end();
      } catch (RuntimeException | LinkageError e) {
        WeftLangChain4j.countError(e);
      }
    };
  }

  private static UUID invocationId(InvocationContext ic) {
    return ic == null ? null : ic.invocationId();
  }

  private static String simpleName(String interfaceName) {
    if (interfaceName == null) {
      return "ai_service";
    }
    int dot = Math.max(interfaceName.lastIndexOf('.'), interfaceName.lastIndexOf('$'));
    return interfaceName.substring(dot + 1);
  }
}
