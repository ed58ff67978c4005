package dev.emodistill.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsTest {
    @TempDir
    Path dir;

    /** The format, assembled by hand: 8-byte little-endian header length, JSON header, raw little-endian floats. */
    private static byte[] handBuilt(String header, int pad, float... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        long length = json.length + pad;
        for (int i = 0; i < 8; i++) {
            out.write((int) (length >>> (8 * i)) & 0xff);
        }
        out.writeBytes(json);
        for (int i = 0; i < pad; i++) {
            out.write(' ');
        }
        for (float v : values) {
            int bits = Float.floatToRawIntBits(v);
            for (int i = 0; i < 4; i++) {
                out.write((bits >>> (8 * i)) & 0xff);
            }
        }
        return out.toByteArray();
    }

    @Test
    void writerProducesTheFormatByteForByte() throws Exception {
        Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
        tensors.put("layer.weight", new Safetensors.Tensor(new long[]{2, 2}, new float[]{1f, -2.5f, 0.125f, 3e-7f}));
        tensors.put("layer.bias", new Safetensors.Tensor(new long[]{1}, new float[]{-0f}));
        Path file = dir.resolve("w.safetensors");
        Safetensors.write(file, tensors, Map.of("format", "pt"));

        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"layer.weight\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                + "\"layer.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[16,20]}}";
        int pad = (8 - header.length() % 8) % 8;
        byte[] expected = handBuilt(header, pad, 1f, -2.5f, 0.125f, 3e-7f, -0f);
        assertArrayEquals(expected, Files.readAllBytes(file));
        assertEquals(0, (Files.size(file) - 20 - 8) % 8, "the data starts 8-byte aligned");
    }

    @Test
    void metadataIsWrittenInKeyOrderWhateverTheMapsOrder() throws Exception {
        Map<String, Safetensors.Tensor> tensors = Map.of("w", new Safetensors.Tensor(new long[]{1}, new float[]{1f}));
        Map<String, String> zFirst = new LinkedHashMap<>();
        zFirst.put("z", "1");
        zFirst.put("format", "pt");
        zFirst.put("a", "2");
        Path one = dir.resolve("order-1.safetensors");
        Path two = dir.resolve("order-2.safetensors");
        Safetensors.write(one, tensors, zFirst);
        Safetensors.write(two, tensors, Map.of("a", "2", "format", "pt", "z", "1"));
        String header = new String(Files.readAllBytes(one), StandardCharsets.UTF_8);
        assertTrue(header.contains("{\"a\":\"2\",\"format\":\"pt\",\"z\":\"1\"}"), header);
        assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(two),
                "the same weights and metadata give the same bytes in every JVM (Map.of's order is per JVM)");
    }

    @Test
    void readerAcceptsAHandBuiltFileInAnyKeyOrderWithoutPadding() throws Exception {
        String header = "{\"b\":{\"shape\":[1,3],\"data_offsets\":[8,20],\"dtype\":\"F32\"},"
                + "\"__metadata__\":{\"source\":\"hand\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        Path file = dir.resolve("hand.safetensors");
        Files.write(file, handBuilt(header, 0, 4f, 5f, 1f, 2f, 3f));
        Map<String, String> metadata = new HashMap<>();
        Map<String, Safetensors.Tensor> read = Safetensors.read(file, metadata);
        assertEquals(List.of("b", "a"), List.copyOf(read.keySet()));
        assertArrayEquals(new float[]{1f, 2f, 3f}, read.get("b").data());
        assertArrayEquals(new long[]{1, 3}, read.get("b").shape());
        assertArrayEquals(new float[]{4f, 5f}, read.get("a").data());
        assertEquals(Map.of("source", "hand"), metadata);
    }

    @Test
    void roundTripKeepsNamesShapesAndExactValues() {
        Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
        float[] values = new float[60];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i) * 1e3f;
        }
        tensors.put("x", new Safetensors.Tensor(new long[]{3, 4, 5}, values));
        tensors.put("scalar", new Safetensors.Tensor(new long[]{}, new float[]{Float.MIN_VALUE}));
        Path file = dir.resolve("rt.safetensors");
        Safetensors.write(file, tensors, null);
        Map<String, Safetensors.Tensor> read = Safetensors.read(file, null);
        assertEquals(tensors.keySet(), read.keySet());
        for (String k : tensors.keySet()) {
            assertArrayEquals(tensors.get(k).shape(), read.get(k).shape());
            assertArrayEquals(tensors.get(k).data(), read.get(k).data());
        }
    }

    @Test
    void unsupportedDtypesAreRejectedByName() throws Exception {
        String header = "{\"h\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
        Path file = dir.resolve("ints.safetensors");
        Files.write(file, handBuilt(header, 0, 1f, 2f));
        InputException e = assertThrows(InputException.class, () -> Safetensors.read(file, null));
        assertTrue(e.getMessage().contains("'h'") && e.getMessage().contains("I64") && e.getMessage().contains("F32"),
                e.getMessage());
    }

    /** Raw little-endian bytes of 16-bit values. */
    private static byte[] shorts(String header, int... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(handBuilt(header, 0));
        for (int v : values) {
            out.write(v & 0xff);
            out.write((v >>> 8) & 0xff);
        }
        return out.toByteArray();
    }

    @Test
    void halfPrecisionTensorsAreReadAsFloat32() throws Exception {
        // F16 bit patterns: 1.0, -2.0, 0.5, 65504 (largest), 2^-24 (smallest subnormal), -0, +infinity.
        String f16 = "{\"h\":{\"dtype\":\"F16\",\"shape\":[7],\"data_offsets\":[0,14]}}";
        Path half = dir.resolve("f16.safetensors");
        Files.write(half, shorts(f16, 0x3c00, 0xc000, 0x3800, 0x7bff, 0x0001, 0x8000, 0x7c00));
        assertArrayEquals(new float[]{1f, -2f, 0.5f, 65504f, 0x1p-24f, -0f, Float.POSITIVE_INFINITY},
                Safetensors.read(half, null).get("h").data());

        // BF16 is the top half of a float32: 1.0 = 0x3f80, -3.0 = 0xc040, 1.5 = 0x3fc0, pi rounded = 0x4049.
        String bf16 = "{\"b\":{\"dtype\":\"BF16\",\"shape\":[2,2],\"data_offsets\":[0,8]}}";
        Path brain = dir.resolve("bf16.safetensors");
        Files.write(brain, shorts(bf16, 0x3f80, 0xc040, 0x3fc0, 0x4049));
        Safetensors.Tensor b = Safetensors.read(brain, null).get("b");
        assertArrayEquals(new long[]{2, 2}, b.shape());
        assertArrayEquals(new float[]{1f, -3f, 1.5f, 3.140625f}, b.data());
    }

    @Test
    void halfToFloatMatchesEveryNormalValueByFormula() {
        for (int bits = 0; bits < 0x7c00; bits++) {
            int exponent = bits >>> 10;
            int mantissa = bits & 0x3ff;
            double expected = exponent == 0 ? mantissa * Math.pow(2, -24)
                    : (1 + mantissa / 1024.0) * Math.pow(2, exponent - 15);
            assertEquals((float) expected, Safetensors.halfToFloat((short) bits), "bits " + bits);
            assertEquals((float) -expected, Safetensors.halfToFloat((short) (bits | 0x8000)), "bits -" + bits);
        }
    }

    @Test
    void openReadsOneTensorAtATimeAndChecksSizes() {
        Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
        float[] big = new float[(1 << 18) + 3];
        for (int i = 0; i < big.length; i++) {
            big[i] = i * 0.5f;
        }
        tensors.put("big", new Safetensors.Tensor(new long[]{big.length}, big));
        tensors.put("small", new Safetensors.Tensor(new long[]{1, 2}, new float[]{7f, 8f}));
        Path file = dir.resolve("two.safetensors");
        Safetensors.write(file, tensors, null);
        try (Safetensors.Reader reader = Safetensors.open(file)) {
            assertEquals(List.of("big", "small"), reader.names());
            assertEquals("F32", reader.entry("small").dtype());
            assertArrayEquals(new float[]{7f, 8f}, reader.tensor("small").data());
            assertArrayEquals(big, reader.tensor("big").data(), "read in several chunks");
            InputException e = assertThrows(InputException.class, () -> reader.tensor("absent"));
            assertTrue(e.getMessage().contains("'absent'") && e.getMessage().contains("two.safetensors"));
        }
    }

    @Test
    void brokenFilesAreClearErrors() throws Exception {
        Path shortFile = dir.resolve("short.safetensors");
        Files.write(shortFile, new byte[]{1, 2, 3});
        assertThrows(InputException.class, () -> Safetensors.read(shortFile, null));

        Path truncated = dir.resolve("truncated.safetensors");
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}";
        Files.write(truncated, handBuilt(header, 0, 1f, 2f));
        InputException e = assertThrows(InputException.class, () -> Safetensors.read(truncated, null));
        assertTrue(e.getMessage().contains("data_offsets"), e.getMessage());

        Path shape = dir.resolve("shape.safetensors");
        Files.write(shape, handBuilt("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 0, 1f, 2f));
        assertThrows(InputException.class, () -> Safetensors.read(shape, null));

        Path notJson = dir.resolve("garbage.safetensors");
        Files.write(notJson, handBuilt("{nope", 0));
        assertThrows(InputException.class, () -> Safetensors.read(notJson, null));

        assertThrows(InputException.class, () -> Safetensors.read(dir.resolve("missing.safetensors"), null));
    }
}
