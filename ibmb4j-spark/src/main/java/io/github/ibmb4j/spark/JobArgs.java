package io.github.ibmb4j.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options of one job: {@code --name value} pairs and {@code --flag}s, checked against the job's
 * declared names so that a typo is an error (exit 2) rather than a silently ignored option. Values are
 * parsed and validated on access with messages naming the option and what was expected.
 */
final class JobArgs {
  private final String job;
  private final Map<String, String> values = new LinkedHashMap<>();

  private JobArgs(String job) {
    this.job = job;
  }

  /**
   * Parses {@code args} for {@code job}.
   *
   * @param options option names taking a value (without the leading dashes)
   * @param flags option names without a value
   */
  static JobArgs parse(String job, String[] args, Set<String> options, Set<String> flags) {
    JobArgs a = new JobArgs(job);
    for (int i = 0; i < args.length; i++) {
      String s = args[i];
      if (!s.startsWith("--")) {
        throw new JobInputException("argument '" + s + "' of job " + job + " is not an option; "
            + "expected --name value");
      }
      String name = s.substring(2);
      String inline = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        inline = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flags.contains(name) && inline == null) {
        a.values.put(name, "true");
      } else if (options.contains(name)) {
        if (inline == null) {
          if (i + 1 >= args.length) {
            throw new JobInputException("option --" + name + " of job " + job + " needs a value");
          }
          inline = args[++i];
        }
        a.values.put(name, inline);
      } else {
        Set<String> all = new TreeSet<>(options);
        all.addAll(flags);
        throw new JobInputException("option --" + name + " is unknown for job " + job
            + "; expected one of --" + String.join(", --", all));
      }
    }
    return a;
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  boolean flag(String name) {
    return values.containsKey(name);
  }

  String string(String name, String dflt) {
    return values.getOrDefault(name, dflt);
  }

  String required(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new JobInputException("job " + job + " needs --" + name);
    }
    return v;
  }

  int integer(String name, int dflt, int min) {
    String v = values.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      int x = Integer.parseInt(v);
      if (x < min) {
        throw new NumberFormatException();
      }
      return x;
    } catch (NumberFormatException e) {
      throw new JobInputException("--" + name + " is '" + v + "', expected an integer >= " + min);
    }
  }

  double real(String name, double dflt) {
    String v = values.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new JobInputException("--" + name + " is '" + v + "', expected a number");
    }
  }

  String choice(String name, String dflt, String... allowed) {
    String v = string(name, dflt);
    for (String x : allowed) {
      if (x.equals(v)) {
        return v;
      }
    }
    throw new JobInputException("--" + name + " is '" + v + "', expected one of "
        + String.join(", ", allowed));
  }
}
