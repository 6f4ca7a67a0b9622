package dev.weft.server.normalize;

/**
 * A tool call requested by a model.
 *
 * @param id the call id the model assigned, or {@code null}
 * @param name the tool (function) name
 * @param arguments the arguments as the model produced them (usually a JSON string), or {@code
 *     null}
 */
public record ToolCall(String id, String name, String arguments) {}
