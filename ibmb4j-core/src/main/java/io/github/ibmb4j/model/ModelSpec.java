package io.github.ibmb4j.model;

import io.github.ibmb4j.nn.Activation;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The architecture of a GNN (§2.2 and §3.3 of docs/algorithm.md), validated on construction and
 * serialisable as one flat JSON object (stored in checkpoints).
 *
 * @param type gcn, sage or gat
 * @param inputDim input feature dimension F (≥ 1)
 * @param hiddenDim hidden channels (per head for GAT) (≥ 1)
 * @param numClasses number of classes C (≥ 2)
 * @param numLayers number of graph layers L (≥ 1); GCN and SAGE add a final Linear
 * @param heads attention heads (GAT; 1 for the others)
 * @param dropout dropout probability after every hidden block, in [0, 1); default 0.5
 * @param layerNorm LayerNorm after every hidden conv; default true
 * @param activation relu (GCN, SAGE) or elu (GAT) by default
 * @param weightDecay L2 coefficient the trainer gives the optimiser for the decayed group (≥ 0)
 * @param gcnBias whether GCN convs add a bias (default true, the paper-era model)
 */
public record ModelSpec(Type type, int inputDim, int hiddenDim, int numClasses, int numLayers,
    int heads, float dropout, boolean layerNorm, Activation.Kind activation, float weightDecay,
    boolean gcnBias) {

  /** Model families. */
  public enum Type {
    GCN,
    SAGE,
    GAT;

    /** Parses gcn / sage / gat (case-insensitive). */
    public static Type parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("model type '" + s + "' is unknown, expected gcn, sage or gat");
      }
    }

    /** Lower-case name. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ModelSpec {
    if (type == null || activation == null) {
      throw new IllegalArgumentException("model type and activation are required");
    }
    positive("inputDim", inputDim);
    positive("hiddenDim", hiddenDim);
    positive("numLayers", numLayers);
    positive("heads", heads);
    if (numClasses < 2) {
      throw new IllegalArgumentException("numClasses is " + numClasses + ", expected >= 2");
    }
    if (type != Type.GAT && heads != 1) {
      throw new IllegalArgumentException("heads is " + heads + " for " + type.id() + ", expected 1");
    }
    if (!(dropout >= 0f && dropout < 1f)) {
      throw new IllegalArgumentException("dropout is " + dropout + ", expected a value in [0, 1)");
    }
    if (!(weightDecay >= 0f) || Float.isInfinite(weightDecay)) {
      throw new IllegalArgumentException("weightDecay is " + weightDecay + ", expected >= 0");
    }
  }

  private static void positive(String name, int v) {
    if (v < 1) {
      throw new IllegalArgumentException(name + " is " + v + ", expected >= 1");
    }
  }

  /**
   * The reference defaults: 4 heads for GAT (1 otherwise), dropout 0.5, LayerNorm, ReLU (ELU for GAT),
   * weight decay 0, GCN bias.
   */
  public static ModelSpec of(Type type, int inputDim, int hiddenDim, int numClasses, int numLayers) {
    return new ModelSpec(type, inputDim, hiddenDim, numClasses, numLayers, type == Type.GAT ? 4 : 1,
        0.5f, true, type == Type.GAT ? Activation.Kind.ELU : Activation.Kind.RELU, 0f, true);
  }

  public ModelSpec withHeads(int h) {
    return new ModelSpec(type, inputDim, hiddenDim, numClasses, numLayers, h, dropout, layerNorm,
        activation, weightDecay, gcnBias);
  }

  public ModelSpec withDropout(float p) {
    return new ModelSpec(type, inputDim, hiddenDim, numClasses, numLayers, heads, p, layerNorm,
        activation, weightDecay, gcnBias);
  }

  public ModelSpec withLayerNorm(boolean ln) {
    return new ModelSpec(type, inputDim, hiddenDim, numClasses, numLayers, heads, dropout, ln,
        activation, weightDecay, gcnBias);
  }

  public ModelSpec withWeightDecay(float wd) {
    return new ModelSpec(type, inputDim, hiddenDim, numClasses, numLayers, heads, dropout, layerNorm,
        activation, wd, gcnBias);
  }

  public ModelSpec withGcnBias(boolean b) {
    return new ModelSpec(type, inputDim, hiddenDim, numClasses, numLayers, heads, dropout, layerNorm,
        activation, weightDecay, b);
  }

  /** One-line JSON object with every component. */
  public String toJson() {
    return "{\"type\":\"" + type.id() + "\",\"inputDim\":" + inputDim + ",\"hiddenDim\":" + hiddenDim
        + ",\"numClasses\":" + numClasses + ",\"numLayers\":" + numLayers + ",\"heads\":" + heads
        + ",\"dropout\":" + dropout + ",\"layerNorm\":" + layerNorm + ",\"activation\":\""
        + activation.id() + "\",\"weightDecay\":" + weightDecay + ",\"gcnBias\":" + gcnBias + "}";
  }

  private static final Set<String> KEYS = Set.of("type", "inputDim", "hiddenDim", "numClasses",
      "numLayers", "heads", "dropout", "layerNorm", "activation", "weightDecay", "gcnBias");

  /**
   * Parses {@link #toJson()} output. type, inputDim, hiddenDim, numClasses and numLayers are required;
   * the other keys default as in {@link #of}; unknown keys are an error.
   */
  public static ModelSpec fromJson(String json) {
    Object o = MiniJson.parse(json);
    if (!(o instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("model spec must be a JSON object, got: " + json);
    }
    for (Object k : m.keySet()) {
      if (!KEYS.contains(k)) {
        throw new IllegalArgumentException("model spec has unknown key '" + k + "', expected " + KEYS);
      }
    }
    Type type = Type.parse(str(m, "type"));
    ModelSpec d = of(type, integer(m, "inputDim"), integer(m, "hiddenDim"),
        integer(m, "numClasses"), integer(m, "numLayers"));
    return new ModelSpec(type, d.inputDim, d.hiddenDim, d.numClasses, d.numLayers,
        m.containsKey("heads") ? integer(m, "heads") : d.heads,
        m.containsKey("dropout") ? (float) number(m, "dropout") : d.dropout,
        m.containsKey("layerNorm") ? bool(m, "layerNorm") : d.layerNorm,
        m.containsKey("activation") ? Activation.Kind.parse(str(m, "activation")) : d.activation,
        m.containsKey("weightDecay") ? (float) number(m, "weightDecay") : d.weightDecay,
        m.containsKey("gcnBias") ? bool(m, "gcnBias") : d.gcnBias);
  }

  private static Object get(Map<?, ?> m, String k) {
    if (!m.containsKey(k)) {
      throw new IllegalArgumentException("model spec is missing key '" + k + "'");
    }
    return m.get(k);
  }

  private static String str(Map<?, ?> m, String k) {
    if (get(m, k) instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException("model spec key '" + k + "' must be a string");
  }

  private static double number(Map<?, ?> m, String k) {
    if (get(m, k) instanceof Number x) {
      return x.doubleValue();
    }
    throw new IllegalArgumentException("model spec key '" + k + "' must be a number");
  }

  private static int integer(Map<?, ?> m, String k) {
    if (get(m, k) instanceof Long x && x == x.intValue()) {
      return x.intValue();
    }
    throw new IllegalArgumentException("model spec key '" + k + "' must be an integer");
  }

  private static boolean bool(Map<?, ?> m, String k) {
    if (get(m, k) instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException("model spec key '" + k + "' must be true or false");
  }
}
