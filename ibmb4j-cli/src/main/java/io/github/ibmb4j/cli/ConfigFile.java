package io.github.ibmb4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * {@code --config FILE.yaml} for {@code ibmb train}: the reference's configuration structure
 * (sections {@code dataset}, {@code method}, {@code model}, {@code training}) mapped onto the
 * command's options. File values become the options' defaults, so flags given on the command line
 * override them. An unknown section or key, or a value of the wrong type, is a one-line error naming
 * the file and the key.
 */
public final class ConfigFile {
  private ConfigFile() {}

  private enum Kind { STRING, INT, NUMBER, BOOL, INT_LIST }

  private record Key(String option, Kind kind) {}

  /** section.key → the option it sets. */
  private static final Map<String, Key> KEYS = new LinkedHashMap<>();

  static {
    key("dataset.path", "--dataset", Kind.STRING);
    key("dataset.split_index", "--split-index", Kind.INT);
    key("dataset.split_seed", "--split-seed", Kind.INT);
    key("dataset.split_fractions", "--split-fractions", Kind.STRING);
    key("dataset.project_features", "--project-features", Kind.INT);
    key("method.name", "--method", Kind.STRING);
    key("method.normalization", "--norm", Kind.STRING);
    key("method.schedule", "--schedule", Kind.STRING);
    key("method.val_method", "--val-method", Kind.STRING);
    // every method option group's flags: --some-flag as method.some_flag
    for (MethodOptionGroup g : MethodOptions.empty()) {
      for (java.lang.reflect.Field f : MethodOptions.options(g)) {
        String option = MethodOptions.longestName(f);
        key("method." + option.substring(2).replace('-', '_'), option, kindOf(f.getType()));
      }
    }
    key("model.type", "--model", Kind.STRING);
    key("model.hidden", "--hidden", Kind.INT);
    key("model.layers", "--layers", Kind.INT);
    key("model.heads", "--heads", Kind.INT);
    key("model.dropout", "--dropout", Kind.NUMBER);
    key("model.weight_decay", "--weight-decay", Kind.NUMBER);
    key("training.epochs", "--epochs", Kind.INT);
    key("training.min_epochs", "--min-epochs", Kind.INT);
    key("training.max_epochs", "--max-epochs", Kind.INT);
    key("training.patience", "--patience", Kind.INT);
    key("training.lr", "--lr", Kind.NUMBER);
    key("training.optimizer", "--optimizer", Kind.STRING);
    key("training.plateau", "--no-plateau", Kind.BOOL);
    key("training.micro_batch", "--micro-batch", Kind.INT);
    key("training.seed", "--seed", Kind.INT);
  }

  private static void key(String path, String option, Kind kind) {
    KEYS.put(path, new Key(option, kind));
  }

  private static Kind kindOf(Class<?> type) {
    if (type == int.class) {
      return Kind.INT;
    } else if (type == double.class) {
      return Kind.NUMBER;
    } else if (type == java.util.List.class) {
      return Kind.INT_LIST;
    }
    throw new IllegalStateException("option group field of type " + type
        + ", expected int, double or List<Integer>");
  }

  /**
   * Reads {@code file} into option name → value (as picocli default-value strings).
   *
   * @throws UserInputException naming the file and key for anything unexpected
   */
  public static Map<String, String> load(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new UserInputException("--config " + file + " is a directory, expected a YAML file");
    }
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString());
    }
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      for (Throwable c = e; c != null && c.getCause() != c; c = c.getCause()) {
        if (c instanceof java.io.CharConversionException) {
          throw new UserInputException(file + ": not valid YAML: not UTF-8 text ("
              + c.getMessage() + ")");
        }
      }
      String m = String.valueOf(e.getOriginalMessage());
      if (m.contains("CharConversionException: ")) { // wrapped by the YAML parser as text
        throw new UserInputException(file + ": not valid YAML: not UTF-8 text ("
            + m.substring(m.indexOf("CharConversionException: ") + 25).replace('\n', ' ') + ")");
      }
      throw new UserInputException(file + ": not valid YAML: "
          + String.valueOf(e.getOriginalMessage()).replace('\n', ' '));
    } catch (java.io.CharConversionException e) {
      // a binary file: the YAML reader's encoding detection fails before any YAML is parsed
      throw new UserInputException(file + ": not valid YAML: not UTF-8 text (" + e.getMessage() + ")");
    }
    Map<String, String> out = new LinkedHashMap<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return out;
    }
    if (!root.isObject()) {
      throw new UserInputException(file + ": expected a mapping with sections dataset, method, model, training");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      var section = it.next();
      if (!section.getValue().isObject()) {
        throw new UserInputException(file + ": '" + section.getKey()
            + "' must be a section (dataset, method, model or training)");
      }
      for (Iterator<Map.Entry<String, JsonNode>> kv = section.getValue().fields(); kv.hasNext(); ) {
        var e = kv.next();
        String path = section.getKey() + "." + e.getKey();
        Key k = KEYS.get(path);
        if (k == null) {
          throw new UserInputException(file + ": unknown key '" + path + "', expected one of "
              + String.join(", ", KEYS.keySet()));
        }
        JsonNode v = e.getValue();
        if (v.isNull()) {
          continue;
        }
        out.put(k.option(), convert(file, path, k, v));
      }
    }
    return out;
  }

  private static String convert(Path file, String path, Key k, JsonNode v) {
    switch (k.kind()) {
      case INT -> {
        if (!v.isIntegralNumber()) {
          throw wrongType(file, path, v, "an integer");
        }
        return v.asText();
      }
      case NUMBER -> {
        if (!v.isNumber()) {
          throw wrongType(file, path, v, "a number");
        }
        return v.asText();
      }
      case INT_LIST -> {
        // a YAML list [2, 3, 2] (or a single integer), passed on as picocli's split form "2,3,2"
        if (v.isIntegralNumber()) {
          return v.asText();
        }
        if (!v.isArray() || v.isEmpty()) {
          throw wrongType(file, path, v, "a list of integers");
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode e : v) {
          if (!e.isIntegralNumber()) {
            throw wrongType(file, path, v, "a list of integers");
          }
          sb.append(sb.isEmpty() ? "" : ",").append(e.asText());
        }
        return sb.toString();
      }
      case BOOL -> {
        if (!v.isBoolean()) {
          throw wrongType(file, path, v, "true or false");
        }
        // training.plateau: true means "do not pass --no-plateau"
        return Boolean.toString(!v.asBoolean());
      }
      default -> {
        if (!v.isValueNode() || v.isBoolean()) {
          throw wrongType(file, path, v, "a string");
        }
        return v.asText();
      }
    }
  }

  private static UserInputException wrongType(Path file, String path, JsonNode v, String expected) {
    return new UserInputException(file + ": key '" + path + "' is " + v + ", expected " + expected);
  }

  /**
   * If {@code args} name a {@code --config} file for a command of {@code cl}, installs its values as
   * that command's option defaults.
   */
  static void install(CommandLine cl, String[] args) throws IOException {
    Path file = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        file = Path.of(args[i + 1]);
      } else if (args[i].startsWith("--config=")) {
        file = Path.of(args[i].substring("--config=".length()));
      }
    }
    if (file == null || args.length == 0) {
      return;
    }
    CommandLine sub = cl.getSubcommands().get(args[0]);
    if (sub == null) {
      return;
    }
    Map<String, String> values = load(file);
    sub.setDefaultValueProvider(arg -> {
      if (arg instanceof CommandLine.Model.OptionSpec o) {
        String v = values.get(o.longestName());
        if (v != null) {
          return v;
        }
      }
      return arg.defaultValue();
    });
  }
}
