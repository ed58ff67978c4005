package dev.emodistill.lm;

import dev.emodistill.io.InputException;
import dev.emodistill.io.Safetensors;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Named tensors spread over one or more safetensors files (a checkpoint and its shards), read one at a time and
 * checked against the shape the model expects. Errors name the file and the tensor. Tensors that are not taken
 * are reported by {@link #requireAllTaken}, so a checkpoint for another shape never loads silently.
 */
final class TensorSource implements AutoCloseable {
    private final List<Safetensors.Reader> readers = new ArrayList<>();
    private final Map<String, Safetensors.Reader> byName = new LinkedHashMap<>();
    private final Set<String> taken = new HashSet<>();
    private final Set<String> ignorable = new HashSet<>();

    TensorSource(List<Path> files) {
        try {
            for (Path f : files) {
                Safetensors.Reader r = Safetensors.open(f);
                readers.add(r);
                for (String name : r.names()) {
                    Safetensors.Reader previous = byName.putIfAbsent(name, r);
                    if (previous != null) {
                        throw new InputException(f + ", tensor '" + name + "': also in " + previous.file());
                    }
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Tensors that may be present without being used (e.g. a tied head's copy, old rotary buffers). */
    void ignore(String name) {
        ignorable.add(name);
    }

    boolean contains(String name) {
        return byName.containsKey(name);
    }

    /** The values of a tensor that must exist with exactly this shape. */
    float[] take(String name, long[] shape) {
        Safetensors.Reader r = byName.get(name);
        if (r == null) {
            throw new InputException(where() + ": tensor '" + name + "' is missing (expected shape "
                    + Arrays.toString(shape) + ")");
        }
        Safetensors.Entry e = r.entry(name);
        if (!Arrays.equals(e.shape(), shape)) {
            throw new InputException(r.file() + ", tensor '" + name + "': shape " + Arrays.toString(e.shape())
                    + " but this model needs " + Arrays.toString(shape));
        }
        taken.add(name);
        return r.tensor(name).data();
    }

    /** Fails naming the tensors nobody took; {@code expected} says what the files were read as. */
    void requireAllTaken(String expected) {
        List<String> left = new ArrayList<>();
        for (String name : byName.keySet()) {
            if (!taken.contains(name) && !ignorable.contains(name) && !name.endsWith("rotary_emb.inv_freq")) {
                left.add(name);
            }
        }
        if (!left.isEmpty()) {
            throw new InputException(byName.get(left.get(0)).file() + ": " + left.size() + " unexpected tensor(s) "
                    + "for " + expected + ", e.g. '" + left.get(0) + "'"
                    + (left.size() > 1 ? ", '" + left.get(left.size() - 1) + "'" : ""));
        }
    }

    private String where() {
        if (readers.size() == 1) {
            return readers.get(0).file().toString();
        }
        return readers.isEmpty() ? "(no files)" : readers.get(0).file().getParent() + " (" + readers.size()
                + " shards)";
    }

    @Override
    public void close() {
        readers.forEach(Safetensors.Reader::close);
    }
}
