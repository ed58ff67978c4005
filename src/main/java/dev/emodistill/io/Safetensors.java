package dev.emodistill.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Hugging Face safetensors format: an 8-byte little-endian header length, a JSON header
 * mapping each tensor name to {@code {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}} (plus an
 * optional {@code __metadata__} map of strings), then the raw little-endian data. Chosen so weights move between
 * this tool and the Python ecosystem unchanged. Writing is float32 only; reading also accepts F16, BF16 and F64
 * (published checkpoints are mostly BF16) and converts them to float32.
 */
public final class Safetensors {
    private static final String METADATA = "__metadata__";

    private Safetensors() {
    }

    /** A named float32 tensor. */
    public record Tensor(long[] shape, float[] data) {
        public Tensor {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            if (n != data.length) {
                throw new IllegalArgumentException("shape holds " + n + " values but data has " + data.length);
            }
        }
    }

    /**
     * Writes the tensors (in map order) atomically; the metadata in key order, since callers pass {@code Map.of},
     * whose order changes from one JVM to the next, and the same weights must give the same bytes.
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        ObjectNode header = Json.object();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode m = header.putObject(METADATA);
            new TreeMap<>(metadata).forEach(m::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            ArrayNode shape = t.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            ArrayNode offsets = t.putArray("data_offsets");
            offsets.add(offset);
            offset += 4L * e.getValue().data().length;
            offsets.add(offset);
        }
        byte[] json = Json.line(header).getBytes(StandardCharsets.UTF_8);
        // Pad the header with spaces to a multiple of 8 so the data is aligned, as the reference writer does.
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer buf = ByteBuffer.allocate(8 + padded + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(padded);
        buf.put(json);
        for (int i = json.length; i < padded; i++) {
            buf.put((byte) ' ');
        }
        for (Tensor t : tensors.values()) {
            for (float v : t.data()) {
                buf.putFloat(v);
            }
        }
        byte[] bytes = buf.array();
        AtomicFiles.writeBytes(file, bytes);
    }

    /**
     * The tensors of a file, in header order, as float32; metadata is returned through {@code metadataOut} when
     * non-null. F16, BF16 and F64 tensors are widened or narrowed to float32 on reading.
     */
    public static Map<String, Tensor> read(Path file, Map<String, String> metadataOut) {
        try (Reader reader = open(file)) {
            if (metadataOut != null) {
                metadataOut.putAll(reader.metadata());
            }
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (String name : reader.names()) {
                out.put(name, reader.tensor(name));
            }
            return out;
        }
    }

    /** Opens a file for reading tensors one at a time (large checkpoints need not fit in memory twice). */
    public static Reader open(Path file) {
        return new Reader(file);
    }

    /** The element types this reader understands, with their sizes in bytes. */
    private static int elementBytes(String dtype) {
        return switch (dtype) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            case "F64" -> 8;
            default -> -1;
        };
    }

    /** Where one tensor lies in the file, as its header says. */
    public record Entry(String name, String dtype, long[] shape, long begin, long end) {
        public long elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /**
     * An open safetensors file: the header is parsed and checked on opening, tensor data is read on request in
     * chunks, so a file larger than 2 GB (a real checkpoint) can be read tensor by tensor.
     */
    public static final class Reader implements AutoCloseable {
        private static final int CHUNK = 1 << 20;
        private final Path file;
        private final FileChannel channel;
        private final long dataStart;
        private final Map<String, Entry> entries = new LinkedHashMap<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();

        private Reader(Path file) {
            this.file = file;
            try {
                this.channel = FileChannel.open(file, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                throw new InputException(file + ": no such file");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            try {
                this.dataStart = parseHeader();
            } catch (RuntimeException e) {
                closeQuietly();
                throw e;
            }
        }

        private long parseHeader() {
            long size;
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            try {
                size = channel.size();
                if (size < 8) {
                    throw new InputException(file + ": too short to be a safetensors file");
                }
                readFully(lengthBytes, 0);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength < 2 || 8 + headerLength > size || headerLength > Integer.MAX_VALUE) {
                throw new InputException(file + ": header length " + headerLength + " does not fit the file");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            JsonNode header;
            try {
                readFully(headerBytes, 8);
                header = Json.MAPPER.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8).trim());
            } catch (JsonProcessingException e) {
                throw new InputException(file + ": header is not JSON: " + e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            if (header == null || !header.isObject()) {
                throw new InputException(file + ": header is not a JSON object");
            }
            long start = 8 + headerLength;
            for (Map.Entry<String, JsonNode> e : header.properties()) {
                if (e.getKey().equals(METADATA)) {
                    e.getValue().properties().forEach(m -> metadata.put(m.getKey(), m.getValue().asText()));
                    continue;
                }
                JsonNode t = e.getValue();
                JsonNode shapeNode = t.path("shape");
                long[] shape = new long[shapeNode.size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = shapeNode.get(i).asLong();
                }
                long begin = t.path("data_offsets").path(0).asLong(-1);
                long end = t.path("data_offsets").path(1).asLong(-1);
                if (begin < 0 || end < begin || start + end > size) {
                    throw new InputException(file + ", tensor '" + e.getKey() + "': bad data_offsets");
                }
                entries.put(e.getKey(), new Entry(e.getKey(), t.path("dtype").asText(), shape, begin, end));
            }
            return start;
        }

        private void readFully(ByteBuffer buffer, long position) throws IOException {
            long at = position;
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, at);
                if (n < 0) {
                    throw new InputException(file + ": ends early");
                }
                at += n;
            }
        }

        public Path file() {
            return file;
        }

        /** Tensor names in header order. */
        public List<String> names() {
            return List.copyOf(entries.keySet());
        }

        public boolean contains(String name) {
            return entries.containsKey(name);
        }

        /** The header entry of a tensor, or null. */
        public Entry entry(String name) {
            return entries.get(name);
        }

        public Map<String, String> metadata() {
            return Map.copyOf(metadata);
        }

        /** One tensor as float32; errors name the file and the tensor. */
        public Tensor tensor(String name) {
            Entry e = entries.get(name);
            if (e == null) {
                throw new InputException(file + ": no tensor '" + name + "'");
            }
            int bytes = elementBytes(e.dtype());
            if (bytes < 0) {
                throw new InputException(file + ", tensor '" + name + "': dtype " + e.dtype()
                        + " is not supported (F32, F16, BF16 or F64)");
            }
            long n = e.elements();
            if (n * bytes != e.end() - e.begin()) {
                throw new InputException(file + ", tensor '" + name + "': shape " + Arrays.toString(e.shape())
                        + " holds " + n + " values of " + e.dtype() + " but data_offsets span "
                        + (e.end() - e.begin()) + " bytes");
            }
            if (n > Integer.MAX_VALUE - 8) {
                throw new InputException(file + ", tensor '" + name + "': too large (" + n + " values)");
            }
            float[] data = new float[(int) n];
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            long position = dataStart + e.begin();
            int filled = 0;
            try {
                while (filled < data.length) {
                    int count = Math.min(CHUNK / bytes, data.length - filled);
                    chunk.clear().limit(count * bytes);
                    readFully(chunk, position);
                    chunk.flip();
                    decode(e.dtype(), chunk, data, filled, count);
                    filled += count;
                    position += (long) count * bytes;
                }
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot read " + file + ", tensor '" + name + "'", ex);
            }
            return new Tensor(e.shape(), data);
        }

        @Override
        public void close() {
            closeQuietly();
        }

        private void closeQuietly() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only: nothing is lost by a failed close
            }
        }
    }

    private static void decode(String dtype, ByteBuffer in, float[] out, int offset, int count) {
        switch (dtype) {
            case "F32" -> in.asFloatBuffer().get(out, offset, count);
            case "F64" -> {
                for (int i = 0; i < count; i++) {
                    out[offset + i] = (float) in.getDouble();
                }
            }
            case "BF16" -> {
                // bfloat16 is the upper half of a float32: widening is a shift.
                for (int i = 0; i < count; i++) {
                    out[offset + i] = Float.intBitsToFloat((in.getShort() & 0xffff) << 16);
                }
            }
            case "F16" -> {
                for (int i = 0; i < count; i++) {
                    out[offset + i] = halfToFloat(in.getShort());
                }
            }
            default -> throw new IllegalStateException(dtype);
        }
    }

    /** IEEE 754 binary16 to float32, exactly (every half value is a float value), subnormals included. */
    public static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
