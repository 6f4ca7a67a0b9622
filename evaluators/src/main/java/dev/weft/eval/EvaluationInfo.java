package dev.weft.eval;

import java.util.List;
import java.util.Map;

/**
 * What was evaluated: the identity stored with the results so evaluations can be compared.
 *
 * @param id evaluation id (a UUID string), also put on every row span as {@code weft.evaluation.id}
 * @param name a human name
 * @param datasetName the dataset's name, or {@code null}
 * @param datasetVersion the dataset version's digest, or {@code null}
 * @param model model identity (e.g. {@code openai/gpt-4o-mini}), or {@code null}
 * @param prompt prompt identity or template version, or {@code null}
 * @param parameters model/prompt parameters (temperature ...)
 * @param scorers names of the scorers used
 * @param gitCommit the commit of the code under evaluation, or {@code null}
 */
public record EvaluationInfo(
    String id,
    String name,
    String datasetName,
    String datasetVersion,
    String model,
    String prompt,
    Map<String, Object> parameters,
    List<String> scorers,
    String gitCommit) {}
