package org.instructsynth.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.instructsynth.core.io.Json;

/** The JSON Schema of each export format ({@code src/test/resources/schemas/exports/<format>.json}). */
public final class ExportSchemas {
  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

  private ExportSchemas() {}

  /** The problems of {@code line} against the schema of {@code format}; empty when it is valid. */
  public static List<String> problems(String format, String line) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(line);
    } catch (IOException e) {
      return List.of("not JSON: " + e.getMessage());
    }
    List<Error> errors = schema(format).validate(node);
    return errors.stream().map(Error::toString).toList();
  }

  private static Schema schema(String format) {
    return SCHEMAS.computeIfAbsent(format, f -> {
      String resource = "/schemas/exports/" + f + ".json";
      try (InputStream in = ExportSchemas.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalArgumentException("no schema " + resource);
        }
        return REGISTRY.getSchema(Json.MAPPER.readTree(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
