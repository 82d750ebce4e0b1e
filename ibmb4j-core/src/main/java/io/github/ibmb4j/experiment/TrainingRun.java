package io.github.ibmb4j.experiment;

import io.github.ibmb4j.batching.BatchMaterializer;
import io.github.ibmb4j.batching.BatchSource;
import io.github.ibmb4j.batching.BatchingMethod;
import io.github.ibmb4j.batching.FullGraphMethod;
import io.github.ibmb4j.batching.IbmbNodeMethod;
import io.github.ibmb4j.batching.NeighborMethod;
import io.github.ibmb4j.data.Dataset;
import io.github.ibmb4j.data.Split;
import io.github.ibmb4j.graph.Normalization;
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
   * @param batching the batching methods of training, validation and test inference
   * @param model the model
   * @param training epochs, optimiser, schedule, seed
   * @param splitIndex which split set of the dataset
   */
  public record Spec(Batching batching, ModelOptions model, TrainOptions training, int splitIndex) {}

  /**
   * How a run batches its splits.
   *
   * @param method the training method and its options
   * @param schedule the order of fixed training batches: order (maximum label-divergence tour),
   *     sample, rand or sequential
   * @param validation the method of the validation batches (the reference uses node-wise IBMB
   *     batches for every method's model selection)
   * @param test the methods of test inference, names unique (§1.9: the run's own method, node-wise
   *     IBMB, the full graph and neighbour sampling)
   * @param normalization adjacency normalisation of every batch and of full-graph inference
   */
  public record Batching(BatchingMethod method, String schedule, BatchingMethod validation,
      List<BatchingMethod> test, Normalization normalization) {
    public Batching {
      test = List.copyOf(test);
      if (test.stream().map(BatchingMethod::name).distinct().count() != test.size()) {
        throw new IllegalArgumentException("test inference methods must have distinct names: " + test);
      }
    }

    /**
     * The paper's set-up for training with {@code method}: batches ordered by the label-divergence
     * tour, node-wise IBMB validation batches, test inference with the method itself, node-wise IBMB,
     * the full graph and neighbour sampling (its defaults with {@code seed}), RW normalisation.
     */
    public static Batching of(BatchingMethod method, long seed) {
      return new Batching(method, "order", IbmbNodeMethod.DEFAULTS, testMethods(method,
          IbmbNodeMethod.DEFAULTS, FullGraphMethod.INSTANCE, NeighborMethod.defaults(seed)),
          BatchMaterializer.DEFAULT_NORMALIZATION);
    }

    /** {@code first} followed by those of {@code others} whose names it does not yet hold. */
    public static List<BatchingMethod> testMethods(BatchingMethod first, BatchingMethod... others) {
      List<BatchingMethod> l = new ArrayList<>(List.of(first));
      for (BatchingMethod m : others) {
        if (l.stream().noneMatch(x -> x.name().equals(m.name()))) {
          l.add(m);
        }
      }
      return l;
    }
  }

  /**
   * The model as far as batching defaults depend on it: its graph layers, and the largest default
   * output target (§2.3: GAT uses 4000 outputs per batch where the others use 9000, its activations
   * being four heads wide).
   */
  public static BatchingMethod.Model batchingModel(ModelSpec spec) {
    return new BatchingMethod.Model(spec.numLayers(), spec.type() == ModelSpec.Type.GAT ? 4000 : 9000);
  }

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
  private static BatchSource trainSource(SplitBatches prep, int[] outputs, Batching b,
      BatchingMethod.Model bm, int numClasses, long seed, Map<String, SplitBatches.Timings> times)
      throws IOException {
    SplitBatches.Prepared train = prep.prepare(outputs, false, b.method(), bm);
    times.put("train/" + b.method().name(), train.seconds());
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
    Batching b = spec.batching();
    BatchingMethod.Model bm = batchingModel(ms);
    SplitBatches prep = new SplitBatches(dataset, b.normalization(), true, cacheDir, progress);
    Map<String, SplitBatches.Timings> times = new LinkedHashMap<>();

    GnnModel model = GnnModel.create(ms, spec.training().seed());
    Trained trained = train(model, prep, split, dataset.numClasses(), spec, bm, resume, listener,
        progress, times);
    // The training and validation batches are unreachable from here on; so are the model's
    // training buffers and adjacency transposes once released (test batches, the full graph above
    // all, have other sizes: its inference runs in the model's workspace alone).
    model.releaseBuffers();
    model.clearCaches();

    List<Inference> inference = new ArrayList<>();
    for (BatchingMethod m : b.test()) {
      progress.start("test inference (" + m.name() + ")", 0);
      inference.add(testInference(model, prep, split, m, bm, dataset.numClasses(), times));
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
      Spec spec, BatchingMethod.Model bm, TrainState resume, TrainListener listener,
      ProgressListener progress, Map<String, SplitBatches.Timings> times) throws IOException {
    Batching b = spec.batching();
    progress.start("preparing training batches (" + b.method().name() + ")", 0);
    BatchSource trainSource = trainSource(prep, split.train(), b, bm, numClasses,
        spec.training().seed(), times);
    progress.finish();

    String valName = b.validation().name();
    progress.start("preparing validation batches (" + valName + ")", 0);
    SplitBatches.Prepared val = prep.prepare(split.val(), true, b.validation(), bm);
    progress.finish();
    times.put("val/" + valName, val.seconds());
    BatchSource valSource = val.source("sequential", numClasses, 0);

    TrainResult tr = new Trainer(spec.training(), listener).train(model, trainSource,
        List.of(new Trainer.Validation(valName, valSource)), resume);
    return new Trained(tr, Evaluator.evaluate(model, valSource));
  }

  /** Test inference with one method; a separate frame, so its batches do not outlive it. */
  private static Inference testInference(GnnModel model, SplitBatches prep, Split split,
      BatchingMethod method, BatchingMethod.Model bm, int numClasses,
      Map<String, SplitBatches.Timings> times) throws IOException {
    SplitBatches.Prepared test = prep.prepare(split.test(), true, method, bm);
    times.put("test/" + method.name(), test.seconds());
    Evaluation e = Evaluator.evaluate(model, test.source("sequential", numClasses, 0));
    return new Inference(method.name(), e, test.seconds());
  }
}
