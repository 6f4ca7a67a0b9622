package dev.weft.eval;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Output conforms to a JSON Schema ({@code json_schema}, boolean; the violations as reason), with
 * networknt json-schema-validator (add {@code com.networknt:json-schema-validator} 3.0.9). The
 * schema's {@code $schema} picks the draft; 2020-12 without one. Output that is not JSON fails.
 */
public final class JsonSchemaScorer implements Scorer {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Schema schema;

  private JsonSchemaScorer(Schema schema) {
    this.schema = schema;
  }

  /**
   * A scorer for a schema given as JSON text.
   *
   * @throws IllegalArgumentException when the schema itself is not valid JSON
   */
  public static JsonSchemaScorer of(String schemaJson) {
    try {
      SchemaRegistry registry =
          SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
      return new JsonSchemaScorer(registry.getSchema(schemaJson, InputFormat.JSON));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the JSON Schema does not load: " + e.getMessage(), e);
    }
  }

  @Override
  public String name() {
    return "json_schema";
  }

  @Override
  public List<Score> score(EvalRow row, Object output) {
    JsonNode instance;
    try {
      instance =
          output instanceof CharSequence text
              ? JSON.readTree(text.toString())
              : JSON.valueToTree(output);
    } catch (RuntimeException e) {
      return List.of(Score.of("json_schema", false).withReason("output is not JSON"));
    }
    List<Error> errors = schema.validate(instance);
    if (errors.isEmpty()) {
      return List.of(Score.of("json_schema", true));
    }
    String why = errors.stream().limit(5).map(Error::toString).collect(Collectors.joining("; "));
    return List.of(Score.of("json_schema", false).withReason(why));
  }
}
