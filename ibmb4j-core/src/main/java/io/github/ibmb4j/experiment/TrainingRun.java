package io.github.ibmb4j.experiment;

import io.github.ibmb4j.batching.BatchSource;
import io.github.ibmb4j.batching.baseline.FullGraphPlanner;
import io.github.ibmb4j.batching.ibmb.NodeWiseIbmbPlanner;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.Split;
import io.github.ibmb4j.model.GnnModel;
import io.github.ibmb4j.model.ModelSpec;
import io.github.ibmb4j.progress.ProgressListener;
import io.github.ibmb4j.train.Evaluation;
import io.github.ibmb4j.train.Evaluator;
import io.github.ibmb4j.train.TrainListener;
import io.github.ibmb4j.train.TrainOptions;
import io.github.ibmb4j.train.TrainResult;
import io.github.ibmb4j.train.TrainState;
import io.github.ibmb4j.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One training run as the paper runs it (§1.8, §1.9): batches for the training split with the chosen
 * method, validation batches (node-wise IBMB by default) for model selection and the plateau schedule,
 * training, then inference on the test split with the run's own method, with node-wise IBMB and with
 * the full graph. Every phase is timed. Preprocessing is cached when a cache directory is given.
 * A sampling method's training batches are drawn afresh every epoch (from (seed, epoch)); its
 * val/test batches are fixed (epoch 0 or the method's evaluation variant).
 */
public final class TrainingRun {
  private TrainingRun() {}

  /**
   * What to run.
   *
   * @param batching the training method and its options
   * @param validationMethod the method of the validation batches (the reference uses IBMB batches
   *     for every method's model selection)
   * @param model the model
   * @param training epochs, optimiser, schedule, seed
   * @param splitIndex which split set of the dataset
   */
  public record Spec(BatchingOptions batching, String validationMethod, ModelOptions model,
      TrainOptions training, int splitIndex) {}

  /** Test inference with one method. */
  public record Inference(String method, Evaluation evaluation, SplitBatches.Timings preparation) {}

  /**
   * The outcome.
   *
   * @param model the trained model (best validation weights)
   * @param spec the resolved model spec
   * @param train the training result (curve, best epoch, epoch times)
   * @param validation validation on the selected model
   * @param inference test inference per method (own method, ibmb-node, full, neighbor), in that order without
   *     repeats
   * @param preparation preparation timings per split part and method ("train", "val", ...)
   */
  public record Result(GnnModel model, ModelSpec spec, TrainResult train, Evaluation validation,
      List<Inference> inference, Map<String, SplitBatches.Timings> preparation) {

    /** The inference with {@code method}, or null. */
    public Inference inference(String method) {
      for (Inference i : inference) {
        if (i.method().equals(method)) {
          return i;
        }
      }
      return null;
    }
  }

  /**
   * The training source; a separate frame so that a sampler's epoch-0 batches (prepared for
   * statistics) are not kept reachable during training.
   */
  private static BatchSource trainSource(SplitBatches prep, int[] outputs, BatchingOptions b,
      int numClasses, long seed, Map<String, SplitBatches.Timings> times) throws IOException {
    SplitBatches.Prepared train = prep.prepare(outputs, false, b);
    times.put("train/" + b.method(), train.seconds());
    return train.source(b.schedule(), numClasses, seed);
  }

  /**
   * Runs training and test inference.
   *
   * @param resume a saved state to continue from, or null
   * @param listener training listener (progress, resumable state)
   */
  public static Result run(Dataset dataset, Spec spec, Path cacheDir, TrainState resume,
      TrainListener listener, ProgressListener progress) throws IOException {
    Split split = dataset.splits().get(spec.splitIndex());
    ModelSpec ms = spec.model().resolve(dataset.features().dim(), dataset.numClasses());
    // layer-wise samplers build one block per graph layer of this model
    BatchingOptions b = spec.batching().withLayers(ms.numLayers());
    SplitBatches prep = new SplitBatches(dataset, b.normalization(), true, cacheDir, progress);
    Map<String, SplitBatches.Timings> times = new LinkedHashMap<>();

    GnnModel model = GnnModel.create(ms, spec.training().seed());
    Trained trained = train(model, prep, split, dataset.numClasses(), spec, b, resume, listener,
        progress, times);
    // The training and validation batches are unreachable from here on; so are the model's
    // training buffers and adjacency transposes once released (test batches, the full graph above
    // all, have other sizes: its inference runs in the model's workspace alone).
    model.releaseBuffers();
    model.clearCaches();

    List<String> methods = new ArrayList<>();
    // The run's own method, node-wise IBMB, the full graph and neighbour sampling (the common
    // sampling-based inference the paper compares against, §1.9).
    for (String m : List.of(b.method(), NodeWiseIbmbPlanner.METHOD, FullGraphPlanner.METHOD,
        "neighbor")) {
      if (!methods.contains(m)) {
        methods.add(m);
      }
    }
    List<Inference> inference = new ArrayList<>();
    for (String m : methods) {
      progress.start("test inference (" + m + ")", 0);
      inference.add(
          testInference(model, prep, split, b.withMethod(m), dataset.numClasses(), times));
      progress.finish();
    }
    return new Result(model, ms, trained.result(), trained.validation(), inference, times);
  }

  private record Trained(TrainResult result, Evaluation validation) {}

  /**
   * Prepares the training and validation batches, trains and evaluates the selected model on the
   * validation batches; a separate frame, so that the batches are unreachable once it returns.
   */
  private static Trained train(GnnModel model, SplitBatches prep, Split split, int numClasses,
      Spec spec, BatchingOptions b, TrainState resume, TrainListener listener, ProgressListener progress,
      Map<String, SplitBatches.Timings> times) throws IOException {
    progress.start("preparing training batches (" + b.method() + ")", 0);
    BatchSource trainSource = trainSource(prep, split.train(), b, numClasses,
        spec.training().seed(), times);
    progress.finish();

    BatchingOptions valOpts = b.withMethod(spec.validationMethod());
    progress.start("preparing validation batches (" + valOpts.method() + ")", 0);
    SplitBatches.Prepared val = prep.prepare(split.val(), true, valOpts);
    progress.finish();
    times.put("val/" + valOpts.method(), val.seconds());
    BatchSource valSource = val.source("sequential", numClasses, 0);

    TrainResult tr = new Trainer(spec.training(), listener).train(model, trainSource,
        List.of(new Trainer.Validation(valOpts.method(), valSource)), resume);
    return new Trained(tr, Evaluator.evaluate(model, valSource));
  }

  /** Test inference with one method; a separate frame, so its batches do not outlive it. */
  private static Inference testInference(GnnModel model, SplitBatches prep, Split split,
      BatchingOptions method, int numClasses, Map<String, SplitBatches.Timings> times)
      throws IOException {
    SplitBatches.Prepared test = prep.prepare(split.test(), true, method);
    times.put("test/" + method.method(), test.seconds());
    Evaluation e = Evaluator.evaluate(model, test.source("sequential", numClasses, 0));
    return new Inference(method.method(), e, test.seconds());
  }
}
