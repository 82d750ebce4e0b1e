package io.github.ibmb4j.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.ibmb4j.serving.Prediction;
import io.github.ibmb4j.serving.PredictRequest;
import io.github.ibmb4j.serving.Predictions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The JSON of the prediction endpoints: a request body to a {@link PredictRequest} with errors that
 * name the field, and {@link Predictions} to a response body (streamed, floats written without
 * boxing).
 *
 * <p>Request: {@code {"nodes": [ids], "new_nodes": [{"features": [floats], "neighbors": [ids],
 * "new_neighbors": [indices]}], "embedding": false}}; unknown fields are rejected (a misspelt field
 * would otherwise be silently ignored). NaN and ±Infinity literals are read so that the predictor can
 * reject them by name rather than as malformed JSON. Range checks of ids and feature lengths are the
 * predictor's. Thread-safe (stateless).
 */
final class PredictJson {
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
  private static final JsonFactory FACTORY = MAPPER.getFactory();
  private static final Set<String> REQUEST_FIELDS = Set.of("nodes", "new_nodes", "embedding");
  private static final Set<String> NEW_NODE_FIELDS = Set.of("features", "neighbors", "new_neighbors");

  private PredictJson() {}

  /** Parses a request body. */
  static PredictRequest parseRequest(byte[] body) {
    JsonNode root = readTree(body);
    if (!root.isObject()) {
      throw ApiException.badRequest("the body is a JSON " + kind(root) + ", expected an object",
          "$", "an object with nodes and/or new_nodes");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!REQUEST_FIELDS.contains(f)) {
        throw ApiException.badRequest("unknown field '" + f + "'", f,
            "one of nodes, new_nodes, embedding");
      }
    }
    JsonNode n = root.get("nodes");
    int[] nodes = n == null || n.isNull() ? new int[0] : intArray(n, "nodes");
    List<PredictRequest.NewNode> fresh = new ArrayList<>();
    JsonNode nn = root.get("new_nodes");
    if (nn != null && !nn.isNull()) {
      if (!nn.isArray()) {
        throw ApiException.badRequest("new_nodes is a " + kind(nn) + ", expected an array",
            "new_nodes", "an array of objects with features, neighbors, new_neighbors");
      }
      for (int j = 0; j < nn.size(); j++) {
        fresh.add(newNode(nn.get(j), "new_nodes[" + j + "]"));
      }
    }
    boolean embedding = false;
    JsonNode e = root.get("embedding");
    if (e != null && !e.isNull()) {
      if (!e.isBoolean()) {
        throw ApiException.badRequest("embedding is " + e + ", expected true or false", "embedding",
            "true or false");
      }
      embedding = e.booleanValue();
    }
    return new PredictRequest(nodes, fresh, embedding);
  }

  private static JsonNode readTree(byte[] body) {
    if (body.length == 0) {
      throw ApiException.badRequest("the body is empty, expected a JSON object", "$",
          "a JSON object");
    }
    try {
      JsonNode root = MAPPER.readTree(body);
      if (root == null || root.isMissingNode()) {
        throw ApiException.badRequest("the body is empty, expected a JSON object", "$",
            "a JSON object");
      }
      return root;
    } catch (JsonProcessingException e) {
      String msg = e.getOriginalMessage();
      var loc = e.getLocation();
      String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      throw ApiException.badRequest("malformed JSON" + where + ": " + firstLine(msg), "$",
          "a JSON object");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static PredictRequest.NewNode newNode(JsonNode x, String name) {
    if (!x.isObject()) {
      throw ApiException.badRequest(name + " is a " + kind(x) + ", expected an object", name,
          "an object with features, neighbors, new_neighbors");
    }
    for (Iterator<String> it = x.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!NEW_NODE_FIELDS.contains(f)) {
        throw ApiException.badRequest("unknown field '" + f + "' in " + name, name + "." + f,
            "one of features, neighbors, new_neighbors");
      }
    }
    JsonNode f = x.get("features");
    if (f == null || !f.isArray()) {
      throw ApiException.badRequest(name + ".features is " + (f == null ? "missing" : "a " + kind(f))
          + ", expected an array of numbers", name + ".features", "an array of numbers");
    }
    float[] features = new float[f.size()];
    for (int c = 0; c < features.length; c++) {
      JsonNode v = f.get(c);
      if (!v.isNumber()) {
        throw ApiException.badRequest(name + ".features[" + c + "] is " + v + ", expected a number",
            name + ".features[" + c + "]", "a finite number");
      }
      features[c] = (float) v.doubleValue();
    }
    JsonNode nb = x.get("neighbors");
    JsonNode nnb = x.get("new_neighbors");
    return new PredictRequest.NewNode(features,
        nb == null || nb.isNull() ? new int[0] : intArray(nb, name + ".neighbors"),
        nnb == null || nnb.isNull() ? new int[0] : intArray(nnb, name + ".new_neighbors"));
  }

  private static int[] intArray(JsonNode a, String name) {
    if (!a.isArray()) {
      throw ApiException.badRequest(name + " is a " + kind(a) + ", expected an array of integers",
          name, "an array of integers");
    }
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode v = a.get(i);
      if (!v.isIntegralNumber() || !v.canConvertToInt()) {
        throw ApiException.badRequest(name + "[" + i + "] is " + v + ", expected an integer id",
            name + "[" + i + "]", "an integer in the int range");
      }
      out[i] = v.intValue();
    }
    return out;
  }

  private static String kind(JsonNode n) {
    return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl >= 0 ? s.substring(0, nl) : s;
  }

  /** Writes the response body of a prediction. */
  static byte[] write(Predictions p, List<String> labelNames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 64 * p.size());
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("method", p.method());
      g.writeArrayFieldStart("predictions");
      for (Prediction q : p.predictions()) {
        writePrediction(g, q, labelNames);
      }
      g.writeEndArray();
      g.writeNumberField("batches", p.batches());
      g.writeNumberField("batch_nodes", p.batchNodes());
      g.writeNumberField("merged_requests", p.mergedRequests());
      g.writeNumberField("seconds", p.seconds());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Writes one prediction object (also the body of {@code GET /v1/nodes/{id}}). */
  static void writePrediction(JsonGenerator g, Prediction q, List<String> labelNames)
      throws IOException {
    g.writeStartObject();
    if (q.isNew()) {
      g.writeNumberField("new_node", q.newNode());
    } else {
      g.writeNumberField("node", q.node());
    }
    g.writeNumberField("predicted", q.predicted());
    if (q.predicted() < labelNames.size()) {
      g.writeStringField("label_name", labelNames.get(q.predicted()));
    } else {
      g.writeNullField("label_name");
    }
    g.writeNumberField("probability", q.probability());
    g.writeFieldName("probabilities");
    writeFloats(g, q.probabilities());
    if (q.label() >= 0) {
      g.writeNumberField("label", q.label());
    } else {
      g.writeNullField("label");
    }
    if (q.embedding() != null) {
      g.writeFieldName("embedding");
      writeFloats(g, q.embedding());
    }
    g.writeEndObject();
  }

  /** One prediction as a body. */
  static byte[] writeOne(Prediction q, List<String> labelNames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      writePrediction(g, q, labelNames);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeFloats(JsonGenerator g, float[] v) throws IOException {
    g.writeStartArray(v, v.length);
    for (float x : v) {
      g.writeNumber(x);
    }
    g.writeEndArray();
  }

  /** The error body {@code {"error", "field", "expected"}}. */
  static byte[] error(String error, String field, String expected) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("error", error);
      g.writeStringField("field", field);
      g.writeStringField("expected", expected);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Any map of JSON values to bytes. */
  static byte[] json(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
