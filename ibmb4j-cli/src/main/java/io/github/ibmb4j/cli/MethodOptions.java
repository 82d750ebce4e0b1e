package io.github.ibmb4j.cli;

import io.github.ibmb4j.graph.Normalization;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Every batching method's flags, mixed into each command that builds batches (train, batches,
 * infer, compare): {@link #GROUPS} lists the option groups once, and a picocli model transformer
 * adds each group's options to the command, so a new group needs one line here and nothing in the
 * commands. Also the generic handling of a group's {@code @Option} fields (copying, overlaying),
 * which {@link BatchingSettings} and {@link ConfigFile} share.
 */
@Command(modelTransformer = MethodOptions.AddGroups.class)
public final class MethodOptions {

  /**
   * Every option group, once. The order is that of the keys in {@code config.json}'s batching
   * section (top-level groups first, then those in the {@code sampler} object).
   */
  static final List<Supplier<MethodOptionGroup>> GROUPS = List.of(PprOptionGroup::new,
      PartitionOptionGroup::new, LayerSamplerOptionGroup::new, SaintOptionGroup::new,
      ShadowOptionGroup::new);

  /** The groups the command line fills. */
  private final List<MethodOptionGroup> groups = GROUPS.stream().map(Supplier::get).toList();

  /** The flags as given, for training method {@code method}. */
  BatchingSettings settings(String method, long seed, Normalization normalization, String schedule) {
    try {
      return new BatchingSettings(method, seed, normalization, schedule, groups);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    }
  }

  /**
   * {@code base} with the flags that were given on the command line ({@code given} tests an
   * option name) in place of its values.
   */
  BatchingSettings over(BatchingSettings base, Predicate<String> given) {
    List<MethodOptionGroup> merged = new ArrayList<>();
    for (MethodOptionGroup flags : groups) {
      MethodOptionGroup g = copy(base.group(flags.getClass()));
      for (Field f : options(g)) {
        if (given.test(longestName(f))) {
          set(f, g, get(f, flags));
        }
      }
      merged.add(g);
    }
    return new BatchingSettings(base.method(), base.seed(), base.normalization(), base.schedule(),
        merged);
  }

  /** A new instance of every group, each flag at its default. */
  static List<MethodOptionGroup> defaults() {
    return GROUPS.stream().map(s -> {
      MethodOptionGroup g = s.get();
      new CommandLine(g).parseArgs(); // applies the @Option default values
      return g;
    }).toList();
  }

  /** A new instance of every group, every field 0 or {@code null}. */
  static List<MethodOptionGroup> empty() {
    return GROUPS.stream().map(Supplier::get).toList();
  }

  /** The {@code @Option} fields of a group, in declaration order. */
  static List<Field> options(MethodOptionGroup g) {
    return Arrays.stream(g.getClass().getDeclaredFields())
        .filter(f -> f.isAnnotationPresent(Option.class)).toList();
  }

  /** A field's longest option name, e.g. {@code --outputs-per-batch}. */
  static String longestName(Field f) {
    return Arrays.stream(f.getAnnotation(Option.class).names())
        .max(Comparator.comparingInt(String::length)).orElseThrow();
  }

  /** A copy of {@code g}: a new instance of its class with the same field values. */
  static MethodOptionGroup copy(MethodOptionGroup g) {
    MethodOptionGroup c;
    try {
      c = g.getClass().getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(g.getClass() + " needs a public no-argument constructor", e);
    }
    for (Field f : options(g)) {
      set(f, c, get(f, g));
    }
    return c;
  }

  static Object get(Field f, MethodOptionGroup g) {
    try {
      return f.get(g);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sets a field; lists are stored as immutable copies, a missing list as the empty one. */
  static void set(Field f, MethodOptionGroup g, Object value) {
    if (List.class.isAssignableFrom(f.getType())) {
      value = value == null ? List.of() : List.copyOf((List<?>) value);
    }
    try {
      f.set(g, value);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Adds every group of each {@link MethodOptions} mixed into a command (directly or inside another
   * mixin) to that command, as mixins named after the group class.
   */
  public static final class AddGroups implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec command) {
      addGroups(command, command);
      return command;
    }

    private static void addGroups(CommandSpec command, CommandSpec spec) {
      for (CommandSpec mixin : List.copyOf(spec.mixins().values())) {
        if (mixin.userObject() instanceof MethodOptions m) {
          for (MethodOptionGroup g : m.groups) {
            String name = g.getClass().getSimpleName();
            if (!command.mixins().containsKey(name)) {
              command.addMixin(name, CommandSpec.forAnnotatedObject(g));
            }
          }
        } else {
          addGroups(command, mixin);
        }
      }
    }
  }
}
