package dev.emodistill.lm.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The GPT-2 byte-to-unicode table used by byte-level BPE: every byte value is shown as one printable
 * character, so token strings in {@code tokenizer.json} never contain control characters or spaces.
 * Printable Latin-1 bytes stand for themselves; the remaining 68 bytes (controls, space, DEL, NBSP, soft
 * hyphen) are shifted to code points 256 and up, in byte order. The Hugging Face {@code ByteLevel}
 * pre-tokenizer and decoder use exactly this table, which is why the pure-Java encoder agrees with them.
 */
final class ByteUnicode {
    private static final char[] BYTE_TO_CHAR = new char[256];
    /** Indexed by code point; -1 where a character is not a byte stand-in. */
    private static final int[] CHAR_TO_BYTE = new int[512];

    static {
        Arrays.fill(CHAR_TO_BYTE, -1);
        int shifted = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) (256 + shifted++);
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    private ByteUnicode() {
    }

    /** The stand-in character of one byte (0..255). */
    static char charOf(int unsignedByte) {
        return BYTE_TO_CHAR[unsignedByte];
    }

    /** The byte a stand-in character represents, or -1 when the character is not one. */
    static int byteOf(char c) {
        return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    /** The UTF-8 bytes of {@code text}, each shown as its stand-in character. */
    static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        }
        return new String(out);
    }

    /**
     * Appends the bytes a token stands for. A token with any character that is not a stand-in (a special
     * token written in non-Latin text, say) is written as its own UTF-8, as the Hugging Face decoder does.
     */
    static void appendBytes(String token, ByteArrayOutputStream out) {
        for (int i = 0; i < token.length(); i++) {
            if (byteOf(token.charAt(i)) < 0) {
                byte[] raw = token.getBytes(StandardCharsets.UTF_8);
                out.write(raw, 0, raw.length);
                return;
            }
        }
        for (int i = 0; i < token.length(); i++) {
            out.write(byteOf(token.charAt(i)));
        }
    }
}
