package io.github.ibmb4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.Map;

/**
 * Writes a command's result: with {@code --json} one compact JSON object on the last line of stdout,
 * otherwise an aligned "key: value" listing (nested objects indented).
 */
public final class Output {
  /** Shared Jackson mapper (NaN written as a JSON-compatible null is handled by callers). */
  public static final ObjectMapper JSON = new ObjectMapper()
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private Output() {}

  /** Prints {@code result} in the requested format. */
  public static void print(PrintWriter out, CommonOptions common, Map<String, ?> result) {
    if (common.json) {
      out.println(toJson(result));
    } else {
      printHuman(out, result, "");
    }
    out.flush();
  }

  /** Compact JSON of a map. */
  public static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("result is not serialisable to JSON", e);
    }
  }

  private static void printHuman(PrintWriter out, Map<String, ?> map, String indent) {
    int width = 0;
    for (String k : map.keySet()) {
      width = Math.max(width, k.length());
    }
    for (var e : map.entrySet()) {
      Object v = e.getValue();
      if (v instanceof Map<?, ?> m) {
        out.println(indent + e.getKey() + ":");
        @SuppressWarnings("unchecked")
        Map<String, ?> mm = (Map<String, ?>) m;
        printHuman(out, mm, indent + "  ");
      } else {
        out.printf("%s%-" + (width + 1) + "s %s%n", indent, e.getKey() + ":", format(v));
      }
    }
  }

  private static String format(Object v) {
    if (v instanceof Double d) {
      return formatNumber(d);
    }
    if (v instanceof Float f) {
      return formatNumber(f);
    }
    if (v instanceof int[] a) {
      return java.util.Arrays.toString(a);
    }
    if (v instanceof double[] a) {
      return java.util.Arrays.toString(a);
    }
    return String.valueOf(v);
  }

  private static String formatNumber(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return String.format(java.util.Locale.ROOT, "%.4g", d);
  }
}
