package io.github.ibmb4j.cli;

import io.github.ibmb4j.batching.BatchingMethod;
import java.util.List;

/**
 * The flags of one family of batching methods: the one CLI place of a batching method. A group is a
 * class with picocli {@code @Option} fields (each flag defined once, its default in the description)
 * that names the methods it serves and maps its flags onto their records. Everything else follows
 * from the fields, for every group alike ({@link MethodOptions}, {@link BatchingSettings},
 * {@link ConfigFile}):
 *
 * <ul>
 *   <li>the commands that build batches (train, batches, infer, compare) get the flags;
 *   <li>{@code config.json}'s {@code batching} section stores each field under its Java name;
 *   <li>a YAML configuration sets {@code --some-flag} with the key {@code method.some_flag};
 *   <li>{@code infer} overlays the flags given on its command line onto the run's values.
 * </ul>
 *
 * <p>Fields are {@code int}, {@code double} or {@code List<Integer>}; 0 or empty means the method's
 * default. A group instance inside {@link BatchingSettings} is a value: never changed after it was
 * built.
 */
public interface MethodOptionGroup {

  /** Names of the methods whose records these flags fill ({@link BatchingMethod#NAMES}). */
  List<String> methods();

  /**
   * The method called {@code name} (one of {@link #methods()}) with these flags; {@code flags} gives
   * the run's seed and the other groups' flags where a method shares them (e.g. PPR's α).
   *
   * @throws IllegalArgumentException for an invalid option
   */
  BatchingMethod method(String name, BatchingSettings flags);

  /**
   * Whether {@code config.json} keeps these keys in the nested {@code sampler} object (the sampling
   * baselines' place in the form earlier versions wrote) rather than at the top of the section.
   */
  default boolean inSamplerSection() {
    return false;
  }
}
