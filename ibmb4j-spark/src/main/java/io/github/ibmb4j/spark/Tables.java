package io.github.ibmb4j.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.UserDefinedType;

/**
 * Reading the users' tables: Parquet or CSV (header line, inferred types), chosen by {@code --format}
 * or by the path (a {@code .csv} file or a directory of them is CSV, everything else Parquet), and the
 * column checks every job makes before touching data, with messages naming the table, the column and
 * what was expected. Stateless.
 */
final class Tables {
  private Tables() {}

  /** Reads the table at {@code path} ({@code format}: auto, parquet or csv). */
  static Dataset<Row> read(SparkSession spark, String what, String path, String format) {
    Path p = Path.of(path);
    if (!Files.exists(p) && !path.contains("://")) {
      throw new JobInputException(what + " table " + path + " does not exist");
    }
    String f = format.equals("auto") ? (isCsv(p) ? "csv" : "parquet") : format;
    return switch (f) {
      case "csv" -> spark.read().option("header", "true").option("inferSchema", "true").csv(path);
      case "parquet" -> spark.read().parquet(path);
      default -> throw new JobInputException("--format is '" + format
          + "', expected auto, parquet or csv");
    };
  }

  private static boolean isCsv(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    if (n.endsWith(".csv")) {
      return true;
    }
    if (Files.isDirectory(p)) {
      try (var s = Files.list(p)) {
        return s.anyMatch(x -> x.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"));
      } catch (java.io.IOException e) {
        return false;
      }
    }
    return false;
  }

  /** The column's field, or a failure naming the table's columns. */
  static StructField column(Dataset<Row> t, String what, String name) {
    StructType s = t.schema();
    for (StructField f : s.fields()) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    throw new JobInputException(what + " table has no column '" + name + "'; its columns are "
        + String.join(", ", s.fieldNames()));
  }

  /** Whether {@code t} is an integral type (long ids and labels). */
  static boolean isIntegral(DataType t) {
    return t.equals(DataTypes.LongType) || t.equals(DataTypes.IntegerType)
        || t.equals(DataTypes.ShortType) || t.equals(DataTypes.ByteType);
  }

  /** The id kind of an id column: "long" or "string"; anything else is a failure. */
  static String idKind(Dataset<Row> t, String what, String name) {
    DataType d = column(t, what, name).dataType();
    if (isIntegral(d)) {
      return "long";
    }
    if (d.equals(DataTypes.StringType)) {
      return "string";
    }
    throw new JobInputException(what + " table column '" + name + "' has type " + d.simpleString()
        + ", expected node ids of type long (or another integer type) or string");
  }

  /**
   * How a features column is stored: {@code array} (array&lt;float&gt; or array&lt;double&gt;),
   * {@code vector} (a Spark ML vector, read through its user-defined type) or {@code vector-struct}
   * (the vector's stored form struct&lt;type, size, indices, values&gt;, as read without Spark ML).
   */
  static String featureKind(Dataset<Row> t, String what, String name) {
    DataType d = column(t, what, name).dataType();
    if (d instanceof ArrayType a && (a.elementType().equals(DataTypes.FloatType)
        || a.elementType().equals(DataTypes.DoubleType))) {
      return "array";
    }
    if (d instanceof UserDefinedType<?> u && u.sqlType() instanceof StructType st
        && isVectorStruct(st)) {
      return "vector";
    }
    if (d instanceof StructType st && isVectorStruct(st)) {
      return "vector-struct";
    }
    throw new JobInputException(what + " table column '" + name + "' has type " + d.simpleString()
        + ", expected array<float>, array<double> or a Spark ML vector");
  }

  private static boolean isVectorStruct(StructType st) {
    java.util.Set<String> names = java.util.Set.of(st.fieldNames());
    return names.containsAll(java.util.List.of("type", "size", "indices", "values"));
  }

  /**
   * Dense floats of one feature cell of {@code kind} ({@link #featureKind}); null for a null cell.
   * A vector in its user-defined type is converted by its {@code toArray()} (no Spark ML dependency).
   */
  static float[] features(Row r, int col, String kind) {
    if (r.isNullAt(col)) {
      return null;
    }
    switch (kind) {
      case "array" -> {
        java.util.List<Object> l = r.getList(col);
        float[] f = new float[l.size()];
        for (int i = 0; i < f.length; i++) {
          Object o = l.get(i);
          f[i] = o == null ? Float.NaN : ((Number) o).floatValue();
        }
        return f;
      }
      case "vector" -> {
        Object v = r.get(col);
        try {
          double[] d = (double[]) v.getClass().getMethod("toArray").invoke(v);
          return toFloats(d);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("cannot read vector " + v.getClass(), e);
        }
      }
      default -> {
        Row v = r.getStruct(col);
        // Spark ML's stored form: type 1 = dense (values), 0 = sparse (size, indices, values)
        int type = ((Number) v.getAs("type")).intValue();
        java.util.List<Object> vals = v.getList(v.fieldIndex("values"));
        if (type == 1) {
          float[] f = new float[vals.size()];
          for (int i = 0; i < f.length; i++) {
            f[i] = ((Number) vals.get(i)).floatValue();
          }
          return f;
        }
        float[] f = new float[((Number) v.getAs("size")).intValue()];
        java.util.List<Object> idx = v.getList(v.fieldIndex("indices"));
        for (int i = 0; i < idx.size(); i++) {
          f[((Number) idx.get(i)).intValue()] = ((Number) vals.get(i)).floatValue();
        }
        return f;
      }
    }
  }

  private static float[] toFloats(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }
}
