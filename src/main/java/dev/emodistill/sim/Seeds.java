package dev.emodistill.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Derives independent, reproducible seeds from named parts, e.g. (run seed, scenario id, persona, emotion,
 * seed index) for an episode (DESIGN §5). A cryptographic hash keeps derived seeds independent of each other
 * and of how many workers run or in which order episodes complete.
 */
public final class Seeds {
    private Seeds() {
    }

    public static long derive(long base, Object... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(Long.toString(base).getBytes(StandardCharsets.UTF_8));
            for (Object part : parts) {
                md.update((byte) 0x1f);
                md.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
            }
            byte[] h = md.digest();
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
