package io.github.ibmb4j.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.ibmb4j.experiment.ModelOptions;
import io.github.ibmb4j.experiment.RunRecord;
import io.github.ibmb4j.files.AtomicFiles;
import io.github.ibmb4j.train.TrainOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The configuration of a training run as given (options and configuration file; 0 or -1 where the
 * default applies), saved as {@code config.json} in its run directory so that {@code train --resume}
 * and {@code infer} rebuild exactly the same data, batches and model. The same configuration with
 * every default resolved for the dataset and model is in the run record ({@link RunRecord#config}).
 *
 * @param dataset the dataset options as given
 * @param batching the batching flags (training method and every method's options)
 * @param validationMethod the method of the validation batches
 * @param model the model options
 * @param training the training options
 */
public record RunConfig(DatasetSettings dataset, BatchingSettings batching, String validationMethod,
    ModelOptions model, TrainOptions training) {

  /** File name inside a run directory. */
  public static final String FILE = "config.json";

  static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The dataset options in serialisable form. */
  public record DatasetSettings(String dataset, int splitIndex, Long splitSeed, String splitFractions,
      Integer projectFeatures, long projectionSeed) {

    static DatasetSettings of(DatasetOptions o) {
      // Paths are stored absolute so that --resume and infer work from any working directory.
      String ds = o.dataset;
      if (Files.exists(Path.of(ds))) {
        ds = Path.of(ds).toAbsolutePath().normalize().toString();
      }
      return new DatasetSettings(ds, o.splitIndex, o.splitSeed, o.splitFractions,
          o.projectFeatures, o.projectionSeed);
    }

    /** As recorded in the run record. */
    RunRecord.DatasetSettings toRecord() {
      return new RunRecord.DatasetSettings(dataset, splitIndex, splitSeed, splitFractions,
          projectFeatures, projectionSeed);
    }

    /** Back to the option group (for loading). */
    DatasetOptions toOptions() {
      DatasetOptions o = new DatasetOptions();
      o.dataset = dataset;
      o.splitIndex = splitIndex;
      o.splitSeed = splitSeed;
      o.splitFractions = splitFractions;
      o.projectFeatures = projectFeatures;
      o.projectionSeed = projectionSeed;
      return o;
    }
  }

  /** Writes {@code dir/config.json} atomically. */
  public void write(Path dir) throws IOException {
    AtomicFiles.write(dir.resolve(FILE), MAPPER.writeValueAsBytes(this));
  }

  /** Reads {@code dir/config.json}; a missing or malformed file is a one-line error naming it. */
  public static RunConfig read(Path dir) throws IOException {
    Path f = dir.resolve(FILE);
    if (!Files.isRegularFile(f)) {
      throw new NoSuchFileException(f + " (not a run directory written by 'ibmb train')");
    }
    try {
      return MAPPER.readValue(f.toFile(), RunConfig.class);
    } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
      // name the key: "training.maxEpochs", "batching.sampler.fanout[1]"
      StringBuilder key = new StringBuilder();
      for (var r : e.getPath()) {
        if (r.getFieldName() != null) {
          key.append(key.isEmpty() ? "" : ".").append(r.getFieldName());
        } else if (r.getIndex() >= 0) {
          key.append('[').append(r.getIndex()).append(']');
        }
      }
      Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : null;
      throw new UserInputException(f + ": malformed run configuration"
          + (key.isEmpty() ? "" : " at key '" + key + "'") + ": "
          + (cause != null ? cause.getMessage() : e.getOriginalMessage()).replace('\n', ' '));
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new UserInputException(f + ": malformed run configuration: " + e.getOriginalMessage());
    } catch (java.io.CharConversionException e) {
      throw new UserInputException(f + ": malformed run configuration: not UTF-8 text");
    }
  }
}
