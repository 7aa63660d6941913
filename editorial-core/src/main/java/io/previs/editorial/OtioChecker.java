package io.previs.editorial;

import io.previs.editorial.OtioSchema.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Walks an OTIO document and lists what breaks the schema rules, each with its JSON path. Objects
 * in metadata and in keys OTIO does not define are walked too: OTIO keeps unknown keys, but any
 * object in them that claims an OTIO_SCHEMA must be a valid one.
 */
final class OtioChecker {

  private final List<String> problems = new ArrayList<>();

  private OtioChecker() {}

  static List<String> check(JsonNode root) {
    OtioChecker checker = new OtioChecker();
    checker.expect(root, "", Set.of("Timeline.1"));
    return List.copyOf(checker.problems);
  }

  /** {@code node} sits where OTIO wants an object of one of {@code allowed} schemas. */
  private void expect(JsonNode node, String path, Set<String> allowed) {
    if (!node.isObject()) {
      problem(path, "must be an object, was " + type(node));
      return;
    }
    JsonNode schema = node.get("OTIO_SCHEMA");
    if (schema == null) {
      problem(path, "has no OTIO_SCHEMA (expected " + names(allowed) + ")");
    } else if (known(schema, path)) {
      if (allowed.contains(schema.stringValue())) {
        checkObject(node, path, schema.stringValue());
      } else {
        problem(path, "must be " + names(allowed) + ", was " + schema.stringValue());
      }
    }
  }

  /** Anything else: only objects in it that claim an OTIO_SCHEMA are held to one. */
  private void any(JsonNode node, String path) {
    JsonNode schema = node.isObject() ? node.get("OTIO_SCHEMA") : null;
    if (schema != null) {
      if (known(schema, path)) {
        checkObject(node, path, schema.stringValue());
      }
    } else if (node.isObject()) {
      node.properties().forEach(e -> any(e.getValue(), join(path, e.getKey())));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        any(node.get(i), path + "[" + i + "]");
      }
    }
  }

  private boolean known(JsonNode schema, String path) {
    if (!schema.isString()) {
      problem(join(path, "OTIO_SCHEMA"), "must be a string, was " + type(schema));
      return false;
    }
    if (!OtioSchema.FIELDS.containsKey(schema.stringValue())) {
      problem(join(path, "OTIO_SCHEMA"), "\"" + schema.stringValue() + "\" is not a known schema");
      return false;
    }
    return true;
  }

  private void checkObject(JsonNode node, String path, String schema) {
    List<Field> fields = OtioSchema.FIELDS.get(schema);
    for (Field field : fields) {
      field(node, path, field);
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String key = e.getKey();
      if (!key.equals("OTIO_SCHEMA") && fields.stream().noneMatch(f -> f.name().equals(key))) {
        any(e.getValue(), join(path, key));
      }
    }
    OtioRules.apply(schema, node, path, problems);
  }

  private void field(JsonNode node, String path, Field field) {
    JsonNode value = node.get(field.name());
    String at = join(path, field.name());
    if (value == null) {
      if (field.required()) {
        problem(at, "is missing");
      }
      return;
    }
    if (value.isNull()) {
      if (!field.nullable()) {
        problem(at, "must not be null");
      }
      return;
    }
    switch (field.type()) {
      case STRING -> wantType(value.isString(), value, at, "a string");
      case NUMBER -> wantType(value.isNumber(), value, at, "a number");
      case BOOLEAN -> wantType(value.isBoolean(), value, at, "a boolean");
      case OBJECT -> {
        if (wantType(value.isObject(), value, at, "an object")) {
          any(value, at);
        }
      }
      case ARRAY -> {
        if (wantType(value.isArray(), value, at, "an array")) {
          any(value, at);
        }
      }
      case SCHEMA -> expect(value, at, field.schemas());
      case SCHEMA_ARRAY -> {
        if (wantType(value.isArray(), value, at, "an array")) {
          for (int i = 0; i < value.size(); i++) {
            expect(value.get(i), at + "[" + i + "]", field.schemas());
          }
        }
      }
      case SCHEMA_MAP -> {
        if (wantType(value.isObject(), value, at, "an object")) {
          value
              .properties()
              .forEach(e -> expect(e.getValue(), at + "." + e.getKey(), field.schemas()));
        }
      }
    }
  }

  private boolean wantType(boolean ok, JsonNode value, String path, String wanted) {
    if (!ok) {
      problem(path, "must be " + wanted + ", was " + type(value));
    }
    return ok;
  }

  private void problem(String path, String what) {
    problems.add((path.isEmpty() ? "(root)" : path) + " " + what);
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static String type(JsonNode node) {
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static String names(Set<String> schemas) {
    return schemas.size() == 1
        ? schemas.iterator().next()
        : "one of " + schemas.stream().sorted().toList();
  }
}
