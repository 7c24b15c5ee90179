package io.cartographer.k8s;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads rendered Kubernetes YAML (one or more documents) into fabric8 model objects, as strictly
 * as the API server would. The fabric8 models accept anything: a field they do not know lands in
 * {@code additionalProperties} and a number where a string belongs is converted. So this reader
 * maps each document by apiVersion and kind to its model class (a kind it does not map is a
 * problem, not a silent pass), refuses scalar coercions, then walks the resulting object graph and
 * reports every non-empty {@code additionalProperties} with the path of the unknown field.
 *
 * <p>Problems are values: every one found is returned, with its document and field path.
 */
final class StrictManifests {

  /** The kinds Cartographer's manifests may hold, by {@code apiVersion/kind}. */
  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "v1/ConfigMap", ConfigMap.class,
          "v1/Secret", Secret.class,
          "v1/Service", Service.class,
          "v1/PersistentVolumeClaim", PersistentVolumeClaim.class,
          "apps/v1/Deployment", Deployment.class,
          "batch/v1/CronJob", CronJob.class,
          "batch/v1/Job", Job.class);

  private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

  private static final ObjectMapper YAML =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /** Maps a document's tree onto a model class; "3" is not an integer, 3 is not a string. */
  private static final ObjectMapper MODELS = strictModelMapper();

  /** The objects read, in document order, and every problem found. */
  record Parsed(List<HasMetadata> objects, List<String> problems) {}

  private StrictManifests() {}

  static Parsed parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<JsonNode> documents;
    try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
      documents = values.readAll();
    } catch (java.io.IOException e) {
      problems.add("not valid YAML: " + e.getMessage());
      return new Parsed(objects, problems);
    }
    int index = 0;
    for (JsonNode document : documents) {
      index++;
      if (document == null || document.isNull() || document.isMissingNode()) {
        continue;
      }
      HasMetadata object = read(document, "document " + index, problems);
      if (object != null) {
        objects.add(object);
      }
    }
    return new Parsed(List.copyOf(objects), List.copyOf(problems));
  }

  private static HasMetadata read(JsonNode document, String where, List<String> problems) {
    String apiVersion = document.path("apiVersion").asText("");
    String kind = document.path("kind").asText("");
    String name = document.path("metadata").path("name").asText("");
    String label = where + " (" + apiVersion + " " + kind + " " + name + ")";
    Class<? extends HasMetadata> type = KINDS.get(apiVersion + "/" + kind);
    if (type == null) {
      problems.add(label + ": kind not mapped to an API model (mapped: " + KINDS.keySet() + ")");
      return null;
    }
    if (name.isEmpty()) {
      problems.add(label + ": metadata.name is missing");
    }
    HasMetadata object;
    try {
      object = MODELS.treeToValue(document, type);
    } catch (JacksonException e) {
      problems.add(label + ": does not fit " + type.getSimpleName() + ": " + e.getOriginalMessage()
          + " at " + pathOf(e));
      return null;
    }
    walk(object, "", label, problems);
    return object;
  }

  /** Reports the unknown fields of {@code value} and of everything it holds. */
  private static void walk(Object value, String path, String label, List<String> problems) {
    if (value == null) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", label, problems);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((key, item) -> walk(item, path + "[" + key + "]", label, problems));
      return;
    }
    Class<?> type = value.getClass();
    if (!type.getName().startsWith(MODEL_PACKAGE)) {
      return;
    }
    for (Object unknown : additionalProperties(value).keySet()) {
      problems.add(label + ": " + join(path, String.valueOf(unknown)) + ": unknown field of " + type.getSimpleName());
    }
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        JsonProperty property = field.getAnnotation(JsonProperty.class);
        if (property == null || Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        String name = property.value().isEmpty() ? field.getName() : property.value();
        walk(fieldValue(field, value), join(path, name), label, problems);
      }
    }
  }

  private static Map<?, ?> additionalProperties(Object model) {
    try {
      Method getter = model.getClass().getMethod("getAdditionalProperties");
      Object extra = getter.invoke(model);
      return extra instanceof Map<?, ?> map ? map : Map.of();
    } catch (NoSuchMethodException e) {
      return Map.of();
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read additionalProperties of " + model.getClass(), e);
    }
  }

  private static Object fieldValue(Field field, Object owner) {
    try {
      field.setAccessible(true);
      return field.get(owner);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read " + field, e);
    }
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static String pathOf(JacksonException e) {
    StringBuilder path = new StringBuilder();
    if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping) {
      for (var reference : mapping.getPath()) {
        if (reference.getFieldName() != null) {
          path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
        } else if (reference.getIndex() >= 0) {
          path.append('[').append(reference.getIndex()).append(']');
        }
      }
    }
    return path.length() == 0 ? "(document)" : path.toString();
  }

  private static ObjectMapper strictModelMapper() {
    JsonMapper mapper = JsonMapper.builder().disable(MapperFeature.ALLOW_COERCION_OF_SCALARS).build();
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
      mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }
    return mapper;
  }
}
