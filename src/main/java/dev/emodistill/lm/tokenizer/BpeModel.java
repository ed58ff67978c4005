package dev.emodistill.lm.tokenizer;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A trained byte-level BPE vocabulary: what {@link BpeTrainer} produces, {@link TokenizerJson} writes and
 * reads, and {@link BpeEncoder} applies.
 *
 * <p>Ids are list positions in {@code tokens}: the special tokens come first (ids 0..n-1, in the order
 * given), then the 256 byte characters, then one token per merge in merge order. Token strings other than
 * the specials are in the byte-to-unicode alphabet ("Ġthe" is " the").
 *
 * @param specialTokens the specials, also the first entries of {@code tokens}
 * @param tokens        every token by id
 * @param merges        the merges by rank (first = applied first)
 */
public record BpeModel(List<String> specialTokens, List<String> tokens, List<Merge> merges) {
    /** One merge rule: two adjacent tokens become their concatenation. */
    public record Merge(String left, String right) {
        public Merge {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        public String merged() {
            return left + right;
        }
    }

    /** Checks the invariants the encoders rely on; a violation names the first offending entry. */
    public BpeModel {
        specialTokens = List.copyOf(specialTokens);
        tokens = List.copyOf(tokens);
        merges = List.copyOf(merges);
        if (tokens.size() < specialTokens.size()) {
            throw new IllegalArgumentException("fewer tokens than special tokens");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t.isEmpty()) {
                throw new IllegalArgumentException("token " + i + " is empty");
            }
            if (!seen.add(t)) {
                throw new IllegalArgumentException("token '" + t + "' appears twice (id " + i + ")");
            }
            if (i < specialTokens.size() && !t.equals(specialTokens.get(i))) {
                throw new IllegalArgumentException("special token '" + specialTokens.get(i) + "' must have id " + i);
            }
        }
        for (int b = 0; b < 256; b++) {
            if (!seen.contains(String.valueOf(ByteUnicode.charOf(b)))) {
                throw new IllegalArgumentException("byte " + b + " has no token; a byte-level vocabulary needs all 256");
            }
        }
        for (int r = 0; r < merges.size(); r++) {
            Merge m = merges.get(r);
            if (!seen.contains(m.left()) || !seen.contains(m.right()) || !seen.contains(m.merged())) {
                throw new IllegalArgumentException("merge " + r + " ('" + m.left() + "' '" + m.right()
                        + "') uses a token that is not in the vocabulary");
            }
        }
    }

    /** Number of ids, specials included. */
    public int vocabSize() {
        return tokens.size();
    }

    /** Token string to id. */
    public Map<String, Integer> ids() {
        Map<String, Integer> out = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            out.put(tokens.get(i), i);
        }
        return out;
    }
}
