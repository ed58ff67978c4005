package dev.emodistill.lm;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Seeded initial values drawn in Java, so a seed gives bit-identical weights whatever the engine's own generator
 * did before. Each tensor gets a generator derived from the seed and its name, so adding or reordering tensors
 * does not change the others.
 */
final class Init {
    /** Hugging Face's {@code initializer_range} for Llama and Qwen2. */
    static final double STD = 0.02;

    private Init() {
    }

    /** A 64-bit seed for one named tensor (FNV-1a over the name, then mixed with the seed). */
    static long mix(long seed, String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return new SplittableRandom(seed ^ h).nextLong();
    }

    /** Normal(0, std) values. */
    static float[] normal(long seed, String name, int count, double std) {
        SplittableRandom rng = new SplittableRandom(mix(seed, name));
        float[] out = new float[count];
        for (int i = 0; i < count; i += 2) {
            // Box-Muller gives two independent normals per pair of uniforms.
            double r = Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * std;
            double t = 2 * Math.PI * rng.nextDouble();
            out[i] = (float) (r * Math.cos(t));
            if (i + 1 < count) {
                out[i + 1] = (float) (r * Math.sin(t));
            }
        }
        return out;
    }

    static float[] constant(int count, float value) {
        float[] out = new float[count];
        java.util.Arrays.fill(out, value);
        return out;
    }
}
