package dev.emodistill.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;

/**
 * Keys and values of every layer for a batch of rows being generated, preallocated to a capacity so each step
 * writes one column in place instead of copying the cache.
 *
 * <p>Rows are left-padded: row b's first {@code padding[b]} columns hold no token and are masked out for every
 * query, and its token in column j sits at position {@code j - padding[b]}. All rows then add their next token in
 * the same column, whatever their prompt lengths. Not thread-safe.
 */
public final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private final int capacity;
    private int[] padding;
    private int length;

    KvCache(NDManager parent, LlamaConfig config, DataType dtype, int[] padding, int capacity) {
        if (capacity <= 0 || capacity > config.maxContext()) {
            throw new IllegalArgumentException("cache capacity " + capacity + " must be in 1.." + config.maxContext()
                    + " (the model's context)");
        }
        for (int p : padding) {
            if (p < 0 || p >= capacity) {
                throw new IllegalArgumentException("left padding " + p + " does not fit a capacity of " + capacity);
            }
        }
        this.manager = parent.newSubManager();
        this.capacity = capacity;
        this.padding = padding.clone();
        this.keys = new NDArray[config.layers()];
        this.values = new NDArray[config.layers()];
        Shape shape = new Shape(padding.length, config.kvHeads(), capacity, config.headSize());
        for (int l = 0; l < config.layers(); l++) {
            keys[l] = manager.zeros(shape, dtype);
            values[l] = manager.zeros(shape, dtype);
        }
    }

    public int rows() {
        return padding.length;
    }

    public int capacity() {
        return capacity;
    }

    /** Columns filled so far (padding included). */
    public int length() {
        return length;
    }

    /** Left padding of each row. */
    public int[] padding() {
        return padding.clone();
    }

    int padding(int row) {
        return padding[row];
    }

    /** Stores a block of new keys and values [rows, kvHeads, count, headSize] of layer l at the current length. */
    void write(int layer, NDArray k, NDArray v, int count) {
        NDIndex at = new NDIndex(":, :, {}:{}", length, length + count);
        keys[layer].set(at, k);
        values[layer].set(at, v);
    }

    /** Keys of layer l up to {@code columns}, as a view owned by {@code sm}. */
    NDArray keys(NDManager sm, int layer, int columns) {
        NDArray view = keys[layer].get(new NDIndex(":, :, 0:{}", columns));
        view.attach(sm);
        return view;
    }

    NDArray values(NDManager sm, int layer, int columns) {
        NDArray view = values[layer].get(new NDIndex(":, :, 0:{}", columns));
        view.attach(sm);
        return view;
    }

    void advance(int count) {
        length += count;
    }

    /** Checks that {@code count} more columns fit. */
    void reserve(int count) {
        if (length + count > capacity) {
            throw new IllegalStateException("KV cache full: " + length + " + " + count + " columns exceed its capacity "
                    + capacity);
        }
    }

    /**
     * Keeps only the given rows (in that order), e.g. to drop finished generations so later steps compute less.
     */
    public void keepRows(int[] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("keep at least one row");
        }
        long[] index = new long[rows.length];
        int[] kept = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= padding.length) {
                throw new IllegalArgumentException("no row " + rows[i] + " in a cache of " + padding.length);
            }
            index[i] = rows[i];
            kept[i] = padding[rows[i]];
        }
        try (NDManager sm = manager.newSubManager()) {
            NDArray idx = sm.create(index);
            for (int l = 0; l < keys.length; l++) {
                keys[l] = select(keys[l], idx);
                values[l] = select(values[l], idx);
            }
        }
        padding = kept;
    }

    private NDArray select(NDArray array, NDArray idx) {
        NDArray out = array.get(new NDIndex("{}", idx));
        out.attach(manager);
        array.close();
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return "KvCache[rows=" + padding.length + ", length=" + length + "/" + capacity + ", padding="
                + Arrays.toString(padding) + "]";
    }
}
