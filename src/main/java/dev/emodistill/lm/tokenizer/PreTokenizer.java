package dev.emodistill.lm.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits plain text (no special tokens) into the pieces BPE works inside, exactly as the Hugging Face
 * pre-tokenizer sequence this project writes into {@code tokenizer.json}: first {@code Digits} with
 * {@code individual_digits} (every numeric character is its own piece, so "1234" can only ever be four
 * tokens and the LM copies offers digit by digit), then {@code ByteLevel} with the GPT-2 regex (contractions,
 * an optional space plus letters, an optional space plus other numerics, an optional space plus punctuation,
 * whitespace), each piece rendered in the byte-to-unicode alphabet.
 *
 * <p>Both sides must agree character for character, so the details follow the Rust library: "numeric" is
 * the Unicode categories Nd, Nl and No (Rust's {@code char::is_numeric}), and {@code \s}, {@code \p{L}},
 * {@code \p{N}} are the Unicode classes.
 */
final class PreTokenizer {
    private static final Pattern GPT2 = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    private PreTokenizer() {
    }

    /** Sends each byte-level piece of {@code text}, in order, to {@code sink}. */
    static void split(String text, Consumer<String> sink) {
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (isNumeric(cp)) {
                regexSplit(text, start, i, sink);
                sink.accept(ByteUnicode.encode(text.substring(i, next)));
                start = next;
            }
            i = next;
        }
        regexSplit(text, start, text.length(), sink);
    }

    /** The byte-level pieces of {@code text} as a list (for tests and debugging). */
    static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        split(text, out::add);
        return out;
    }

    private static void regexSplit(String text, int from, int to, Consumer<String> sink) {
        if (from >= to) {
            return;
        }
        // The region bounds make the lookahead see the end of this digit-free stretch, as the Rust split does.
        Matcher m = GPT2.matcher(text).region(from, to);
        while (m.find()) {
            sink.accept(ByteUnicode.encode(m.group()));
        }
    }

    static boolean isNumeric(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }
}
