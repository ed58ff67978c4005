package dev.emodistill.lm.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A pure-Java reference encoder for a {@link BpeModel}: special tokens are matched in the raw text, the rest
 * is pre-tokenised ({@link PreTokenizer}) and each piece is merged by rank, the classic way (merge the
 * lowest-ranked adjacent pair everywhere in the piece, repeat). It exists to prove the written
 * {@code tokenizer.json} right: the Hugging Face library must produce the same ids for the same text. It also
 * serves where the native library is unwanted. Thread-safe.
 */
public final class BpeEncoder {
    private static final int CACHE_LIMIT = 1 << 16;

    private final BpeModel model;
    private final Map<String, Integer> ids;
    /** (left id, right id) packed into a long, to {rank, merged id}. */
    private final Map<Long, int[]> ranks;
    private final SpecialTokens specials;
    private final boolean[] special;
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    public BpeEncoder(BpeModel model) {
        this.model = Objects.requireNonNull(model, "model");
        this.ids = model.ids();
        this.ranks = new HashMap<>(model.merges().size() * 2);
        for (int r = 0; r < model.merges().size(); r++) {
            BpeModel.Merge m = model.merges().get(r);
            long key = key(ids.get(m.left()), ids.get(m.right()));
            // A repeated rule keeps its first (best) rank, as the Hugging Face loader does.
            ranks.putIfAbsent(key, new int[] {r, ids.get(m.merged())});
        }
        Map<String, Integer> specialIds = new LinkedHashMap<>();
        this.special = new boolean[model.vocabSize()];
        for (String s : model.specialTokens()) {
            specialIds.put(s, ids.get(s));
            special[ids.get(s)] = true;
        }
        this.specials = new SpecialTokens(specialIds);
    }

    public BpeModel model() {
        return model;
    }

    /** Token ids of {@code text}; special tokens written in the text become their ids, nothing is added. */
    public int[] encode(String text) {
        Objects.requireNonNull(text, "text");
        IdBuffer out = new IdBuffer();
        specials.split(text, new SpecialTokens.Sink() {
            @Override
            public void text(String piece) {
                PreTokenizer.split(piece, word -> out.addAll(cached(word)));
            }

            @Override
            public void special(int id) {
                out.add(id);
            }
        });
        return out.toArray();
    }

    /** The token strings of {@code text} (byte-level alphabet), for inspection. */
    public List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        for (int id : encode(text)) {
            out.add(model.tokens().get(id));
        }
        return out;
    }

    /** Text of the ids; invalid UTF-8 (a cut multi-byte character) becomes U+FFFD, as in the HF decoder. */
    public String decode(int[] tokenIds, boolean skipSpecialTokens) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int id : tokenIds) {
            if (id < 0 || id >= model.vocabSize()) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary (size "
                        + model.vocabSize() + ")");
            }
            if (special[id] && skipSpecialTokens) {
                continue;
            }
            ByteUnicode.appendBytes(model.tokens().get(id), bytes);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private int[] cached(String word) {
        int[] hit = cache.get(word);
        if (hit == null) {
            hit = mergeWord(word);
            // Bounded so a long-lived encoder on open-ended text cannot grow without limit.
            if (cache.size() < CACHE_LIMIT) {
                cache.put(word, hit);
            }
        }
        return hit;
    }

    private int[] mergeWord(String word) {
        int[] s = new int[word.length()];
        int base = model.specialTokens().size();
        for (int i = 0; i < s.length; i++) {
            Integer id = ids.get(String.valueOf(word.charAt(i)));
            // Every byte character has a token (checked by BpeModel); the lookup is for non-standard orders.
            s[i] = id != null ? id : base + ByteUnicode.byteOf(word.charAt(i));
        }
        int n = s.length;
        while (n > 1) {
            int bestRank = Integer.MAX_VALUE;
            int[] best = null;
            long bestKey = 0;
            for (int i = 0; i + 1 < n; i++) {
                long k = key(s[i], s[i + 1]);
                int[] r = ranks.get(k);
                if (r != null && r[0] < bestRank) {
                    bestRank = r[0];
                    best = r;
                    bestKey = k;
                }
            }
            if (best == null) {
                break;
            }
            int left = (int) (bestKey >>> 32);
            int right = (int) bestKey;
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (i + 1 < n && s[i] == left && s[i + 1] == right) {
                    s[m++] = best[1];
                    i++;
                } else {
                    s[m++] = s[i];
                }
            }
            n = m;
        }
        return Arrays.copyOf(s, n);
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    private static final class IdBuffer {
        private int[] values = new int[64];
        private int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        void addAll(int[] vs) {
            for (int v : vs) {
                add(v);
            }
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
