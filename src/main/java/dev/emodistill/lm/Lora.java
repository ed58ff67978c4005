package dev.emodistill.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.emodistill.io.Safetensors;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One LoRA adapter for a given base shape: per targeted module of every layer, A [rank, in] and B [out, rank].
 * Fresh adapters start with B = 0 (so the model starts equal to its base) and A Kaiming-uniform as PEFT does,
 * drawn from a seeded Java generator. Parameters are named with PEFT's keys
 * ({@code base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight}), which is also how they are saved.
 *
 * <p>An adapter lives in its own manager and can be attached to, detached from and swapped on a model of the
 * same shape ({@link LlamaModel#attachLora}), e.g. a trained policy and a frozen reference on one base.
 * Not thread-safe.
 */
public final class Lora implements AutoCloseable {
    static final String PEFT_PREFIX = "base_model.model.";

    private final LoraConfig config;
    private final LlamaConfig base;
    private final NDManager manager;
    private final NDArray[][] a;
    private final NDArray[][] b;
    private boolean trainable;

    private Lora(LoraConfig config, LlamaConfig base, NDManager parent, DataType dtype, Map<String, float[]> values,
                 boolean trainable) {
        this.config = config;
        this.base = base;
        this.manager = parent.newSubManager();
        int modules = HfNames.MODULES.size();
        this.a = new NDArray[base.layers()][modules];
        this.b = new NDArray[base.layers()][modules];
        for (int l = 0; l < base.layers(); l++) {
            for (String m : config.targetModules()) {
                int k = HfNames.MODULES.indexOf(m);
                long[] w = HfNames.linearShape(base, m);
                a[l][k] = create(values.get(keyA(l, m)), new Shape(config.rank(), w[1]), dtype);
                b[l][k] = create(values.get(keyB(l, m)), new Shape(w[0], config.rank()), dtype);
            }
        }
        setTrainable(trainable);
    }

    private NDArray create(float[] values, Shape shape, DataType dtype) {
        NDArray x = manager.create(values, shape);
        if (dtype != DataType.FLOAT32) {
            NDArray cast = x.toType(dtype, false);
            x.close();
            return cast;
        }
        return x;
    }

    /** PEFT key of A for a module: {@code base_model.model.model.layers.<l>.<group>.<module>.lora_A.weight}. */
    public static String keyA(int layer, String module) {
        return PEFT_PREFIX + HfNames.module(layer, module) + ".lora_A.weight";
    }

    public static String keyB(int layer, String module) {
        return PEFT_PREFIX + HfNames.module(layer, module) + ".lora_B.weight";
    }

    /** A fresh adapter (B = 0) for a model of shape {@code base}. */
    static Lora create(LlamaConfig base, LoraConfig config, long seed, NDManager parent, DataType dtype) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (int l = 0; l < base.layers(); l++) {
            for (String m : config.targetModules()) {
                long[] w = HfNames.linearShape(base, m);
                float[] av = new float[(int) (config.rank() * w[1])];
                // Kaiming-uniform with a = sqrt(5), PyTorch's Linear default and PEFT's choice for A.
                double bound = 1 / Math.sqrt(w[1]);
                SplittableRandom rng = new SplittableRandom(Init.mix(seed, keyA(l, m)));
                for (int i = 0; i < av.length; i++) {
                    av[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
                }
                values.put(keyA(l, m), av);
                values.put(keyB(l, m), new float[(int) (w[0] * config.rank())]);
            }
        }
        return new Lora(config, base, parent, dtype, values, true);
    }

    /**
     * An adapter from named tensors (PEFT keys), checking that every expected tensor is there with the right
     * shape and that no other is.
     */
    static Lora fromTensors(LlamaConfig base, LoraConfig config, TensorSource tensors, NDManager parent,
                            DataType dtype) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (int l = 0; l < base.layers(); l++) {
            for (String m : config.targetModules()) {
                long[] w = HfNames.linearShape(base, m);
                values.put(keyA(l, m), tensors.take(keyA(l, m), new long[]{config.rank(), w[1]}));
                values.put(keyB(l, m), tensors.take(keyB(l, m), new long[]{w[0], config.rank()}));
            }
        }
        tensors.requireAllTaken("an adapter of " + config.targetModules() + " for a base with " + base.layers()
                + " layers");
        return new Lora(config, base, parent, dtype, values, true);
    }

    /** A copy with its own parameters (e.g. the policy to train, starting from a frozen reference adapter). */
    public Lora copy() {
        return new Lora(config, base, manager.getParentManager(), dtype(), valuesByKey(), trainable);
    }

    public LoraConfig config() {
        return config;
    }

    /** The base shape this adapter fits. */
    public LlamaConfig base() {
        return base;
    }

    DataType dtype() {
        return a[0][HfNames.MODULES.indexOf(config.targetModules().get(0))].getDataType();
    }

    /** A of a layer's module, or null when the module is not targeted. */
    NDArray a(int layer, int module) {
        return a[layer][module];
    }

    NDArray b(int layer, int module) {
        return b[layer][module];
    }

    /** Parameters by PEFT key: A then B per module, layer by layer. */
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (int l = 0; l < base.layers(); l++) {
            for (String m : config.targetModules()) {
                int k = HfNames.MODULES.indexOf(m);
                out.put(keyA(l, m), a[l][k]);
                out.put(keyB(l, m), b[l][k]);
            }
        }
        return out;
    }

    /** Whether A and B record gradients (true for a fresh adapter; a frozen reference sets false). */
    public void setTrainable(boolean on) {
        this.trainable = on;
        for (NDArray p : parameters().values()) {
            p.setRequiresGradient(on);
        }
    }

    public boolean trainable() {
        return trainable;
    }

    /** Number of adapter values. */
    public long parameterCount() {
        return parameters().values().stream().mapToLong(NDArray::size).sum();
    }

    /** The values as float32 tensors by PEFT key. */
    public Map<String, Safetensors.Tensor> tensors() {
        Map<String, Safetensors.Tensor> out = new LinkedHashMap<>();
        parameters().forEach((k, v) -> out.put(k, new Safetensors.Tensor(v.getShape().getShape(), floats(v))));
        return out;
    }

    private Map<String, float[]> valuesByKey() {
        Map<String, float[]> out = new LinkedHashMap<>();
        parameters().forEach((k, v) -> out.put(k, floats(v)));
        return out;
    }

    static float[] floats(NDArray x) {
        if (x.getDataType() == DataType.FLOAT32) {
            return x.toFloatArray();
        }
        try (NDArray f = x.toType(DataType.FLOAT32, false)) {
            return f.toFloatArray();
        }
    }

    /** Writes the PEFT layout ({@code adapter_config.json}, {@code adapter_model.safetensors}) plus provenance. */
    public void savePeft(Path dir, String baseModelNameOrPath, CheckpointInfo info) {
        Checkpoints.saveAdapter(this, dir, baseModelNameOrPath, info);
    }

    /** Loads a PEFT adapter folder for {@code model}'s shape (not attached: see {@link LlamaModel#attachLora}). */
    public static Lora loadPeft(Path dir, LlamaModel model) {
        return Checkpoints.loadAdapter(dir, model);
    }

    @Override
    public void close() {
        manager.close();
    }
}
