package dev.emodistill.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Hugging Face safetensors format for float32 tensors: an 8-byte little-endian header length, a JSON header
 * mapping each tensor name to {@code {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}} (plus an
 * optional {@code __metadata__} map of strings), then the raw little-endian data. Chosen so weights move between
 * this tool and the Python ecosystem unchanged.
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

    /** Writes the tensors (in map order) atomically. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        ObjectNode header = Json.object();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode m = header.putObject(METADATA);
            metadata.forEach(m::put);
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

    /** The tensors of a file, in header order; metadata is returned through {@code metadataOut} when non-null. */
    public static Map<String, Tensor> read(Path file, Map<String, String> metadataOut) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (bytes.length < 8) {
            throw new InputException(file + ": too short to be a safetensors file");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buf.getLong();
        if (headerLength < 2 || 8 + headerLength > bytes.length) {
            throw new InputException(file + ": header length " + headerLength + " does not fit the file");
        }
        JsonNode header;
        try {
            header = Json.MAPPER.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new InputException(file + ": header is not JSON: " + e.getMessage());
        }
        if (header == null || !header.isObject()) {
            throw new InputException(file + ": header is not a JSON object");
        }
        long dataStart = 8 + headerLength;
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals(METADATA)) {
                if (metadataOut != null) {
                    e.getValue().fields().forEachRemaining(m -> metadataOut.put(m.getKey(), m.getValue().asText()));
                }
                continue;
            }
            JsonNode t = e.getValue();
            String dtype = t.path("dtype").asText();
            if (!dtype.equals("F32")) {
                throw new InputException(file + ", tensor '" + e.getKey() + "': dtype " + dtype
                        + " is not supported (only F32)");
            }
            JsonNode shapeNode = t.path("shape");
            long[] shape = new long[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asLong();
            }
            long begin = t.path("data_offsets").path(0).asLong(-1);
            long end = t.path("data_offsets").path(1).asLong(-1);
            if (begin < 0 || end < begin || dataStart + end > bytes.length || (end - begin) % 4 != 0) {
                throw new InputException(file + ", tensor '" + e.getKey() + "': bad data_offsets");
            }
            float[] data = new float[(int) ((end - begin) / 4)];
            ByteBuffer slice = ByteBuffer.wrap(bytes, (int) (dataStart + begin), (int) (end - begin))
                    .order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < data.length; i++) {
                data[i] = slice.getFloat();
            }
            try {
                out.put(e.getKey(), new Tensor(shape, data));
            } catch (IllegalArgumentException ex) {
                throw new InputException(file + ", tensor '" + e.getKey() + "': " + ex.getMessage());
            }
        }
        return out;
    }
}
