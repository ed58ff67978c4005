package dev.emodistill.lm.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Trains a byte-level BPE vocabulary from text, written from scratch for the pocket LM (DJL can load
 * {@code tokenizer.json} files but cannot train them).
 *
 * <p>Algorithm: pre-tokenise every text as the written tokenizer will ({@link PreTokenizer}; special tokens
 * in the text are cut out first and never learned from), count distinct pieces ("words"), start each word as
 * its bytes, then repeatedly merge the most frequent adjacent pair across all words. Pair counts are
 * updated incrementally: each merge revisits only the words that contain its pair (an inverted index) and
 * applies the count differences of those words, and a priority queue with lazy deletion picks the next
 * pair, so the cost of a merge is proportional to the words it touches, not to the corpus.
 *
 * <p>Deterministic: ties in frequency go to the pair with the smaller left id, then the smaller right id
 * (ids are assigned in a fixed order), and nothing depends on hash iteration order; the same texts and
 * options always give the same model. Training stops at the target vocabulary size, or earlier when the
 * best pair occurs fewer than {@code minFrequency} times.
 */
public final class BpeTrainer {
    /** The pocket LM's specials, ids 0..6 in this order. */
    public static final List<String> DEFAULT_SPECIALS = List.of(
            "<|bos|>", "<|eos|>", "<|pad|>", "<|system|>", "<|context|>", "<|emotion|>", "<|response|>");

    /**
     * Training options.
     *
     * @param vocabSize     target number of ids, specials and the 256 byte tokens included
     * @param minFrequency  a pair seen fewer times than this is not merged
     * @param specialTokens special tokens, given ids 0..n-1 in this order
     */
    public record Options(int vocabSize, int minFrequency, List<String> specialTokens) {
        public Options {
            specialTokens = List.copyOf(specialTokens);
            if (minFrequency < 1) {
                throw new IllegalArgumentException("minFrequency must be at least 1, got " + minFrequency);
            }
            Set<String> distinct = new HashSet<>();
            for (String s : specialTokens) {
                if (s.isEmpty() || !distinct.add(s)) {
                    throw new IllegalArgumentException("special tokens must be non-empty and distinct: " + specialTokens);
                }
            }
            int floor = specialTokens.size() + 256;
            if (vocabSize < floor) {
                throw new IllegalArgumentException("vocabSize must be at least " + floor
                        + " (the specials plus 256 byte tokens), got " + vocabSize);
            }
        }

        /** 2,048 ids, pairs merged from 2 occurrences up, the pocket LM's specials. */
        public static Options defaults() {
            return new Options(2048, 2, DEFAULT_SPECIALS);
        }

        public Options withVocabSize(int size) {
            return new Options(size, minFrequency, specialTokens);
        }

        public Options withMinFrequency(int min) {
            return new Options(vocabSize, min, specialTokens);
        }

        public Options withSpecialTokens(List<String> specials) {
            return new Options(vocabSize, minFrequency, specials);
        }
    }

    private final Options options;

    public BpeTrainer(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Trains on the given texts (documents, lines or dialogues; each is pre-tokenised on its own). */
    public BpeModel train(Iterable<String> texts) {
        Map<String, long[]> wordCounts = countWords(texts);
        List<String> specials = options.specialTokens();
        List<String> tokens = new ArrayList<>(options.vocabSize());
        tokens.addAll(specials);
        for (int b = 0; b < 256; b++) {
            tokens.add(String.valueOf(ByteUnicode.charOf(b)));
        }
        Map<String, Integer> idOf = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            idOf.put(tokens.get(i), i);
        }
        Words words = Words.of(wordCounts, specials.size());
        List<BpeModel.Merge> merges = new ArrayList<>();
        words.merge(options, tokens, idOf, merges);
        return new BpeModel(specials, tokens, merges);
    }

    private Map<String, long[]> countWords(Iterable<String> texts) {
        Map<String, Integer> specialIds = new LinkedHashMap<>();
        for (String s : options.specialTokens()) {
            specialIds.put(s, specialIds.size());
        }
        SpecialTokens specials = new SpecialTokens(specialIds);
        // Insertion order keeps word numbering, and with it everything downstream, independent of hashing.
        Map<String, long[]> counts = new LinkedHashMap<>();
        SpecialTokens.Sink sink = new SpecialTokens.Sink() {
            @Override
            public void text(String text) {
                PreTokenizer.split(text, w -> counts.computeIfAbsent(w, k -> new long[1])[0]++);
            }

            @Override
            public void special(int id) {
                // Specials are atoms: nothing to learn from them.
            }
        };
        for (String text : texts) {
            specials.split(text, sink);
        }
        return counts;
    }

    /** The distinct words as id sequences, their frequencies, and the incremental pair statistics. */
    private static final class Words {
        private final int[][] symbols;
        private final long[] freq;
        private final Map<Long, long[]> pairCounts = new HashMap<>();
        private final Map<Long, IntList> where = new HashMap<>();

        private Words(int[][] symbols, long[] freq) {
            this.symbols = symbols;
            this.freq = freq;
        }

        static Words of(Map<String, long[]> counts, int byteBase) {
            int[][] symbols = new int[counts.size()][];
            long[] freq = new long[counts.size()];
            int w = 0;
            for (Map.Entry<String, long[]> e : counts.entrySet()) {
                String word = e.getKey();
                int[] ids = new int[word.length()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = byteBase + ByteUnicode.byteOf(word.charAt(i));
                }
                symbols[w] = ids;
                freq[w] = e.getValue()[0];
                w++;
            }
            Words words = new Words(symbols, freq);
            for (int i = 0; i < symbols.length; i++) {
                int[] s = symbols[i];
                for (int j = 0; j + 1 < s.length; j++) {
                    long key = key(s[j], s[j + 1]);
                    words.pairCounts.computeIfAbsent(key, k -> new long[1])[0] += freq[i];
                    words.where.computeIfAbsent(key, k -> new IntList()).add(i);
                }
            }
            return words;
        }

        void merge(Options options, List<String> tokens, Map<String, Integer> idOf, List<BpeModel.Merge> merges) {
            PriorityQueue<Candidate> queue = new PriorityQueue<>();
            // Sorted seeding so even the queue's internal layout is reproducible.
            Long[] keys = pairCounts.keySet().toArray(new Long[0]);
            Arrays.sort(keys);
            for (Long k : keys) {
                queue.add(new Candidate(pairCounts.get(k)[0], k));
            }
            int[] stamp = new int[symbols.length];
            while (tokens.size() < options.vocabSize() && !queue.isEmpty()) {
                Candidate best = queue.poll();
                long[] current = pairCounts.get(best.pair());
                if (current == null || current[0] != best.count()) {
                    continue; // stale: the pair's count changed after this entry was queued
                }
                if (best.count() < options.minFrequency()) {
                    break;
                }
                int left = (int) (best.pair() >>> 32);
                int right = (int) best.pair();
                String merged = tokens.get(left) + tokens.get(right);
                // Two different merges can spell the same string ("a"+"bc", "ab"+"c"); they share one id.
                Integer id = idOf.get(merged);
                if (id == null) {
                    id = tokens.size();
                    tokens.add(merged);
                    idOf.put(merged, id);
                }
                merges.add(new BpeModel.Merge(tokens.get(left), tokens.get(right)));
                apply(best.pair(), left, right, id, merges.size(), stamp, queue);
            }
        }

        private void apply(long pair, int left, int right, int id, int mergeNo, int[] stamp,
                           PriorityQueue<Candidate> queue) {
            IntList affected = where.remove(pair);
            pairCounts.remove(pair);
            Map<Long, Long> delta = new LinkedHashMap<>();
            for (int k = 0; k < affected.size; k++) {
                int w = affected.values[k];
                if (stamp[w] == mergeNo) {
                    continue;
                }
                stamp[w] = mergeNo;
                int[] before = symbols[w];
                int[] after = mergeWord(before, left, right, id);
                if (after == before) {
                    continue;
                }
                long f = freq[w];
                for (int j = 0; j + 1 < before.length; j++) {
                    delta.merge(key(before[j], before[j + 1]), -f, Long::sum);
                }
                for (int j = 0; j + 1 < after.length; j++) {
                    long key = key(after[j], after[j + 1]);
                    delta.merge(key, f, Long::sum);
                    if (after[j] == id || after[j + 1] == id) {
                        where.computeIfAbsent(key, x -> new IntList()).add(w);
                    }
                }
                symbols[w] = after;
            }
            for (Map.Entry<Long, Long> e : delta.entrySet()) {
                long key = e.getKey();
                long d = e.getValue();
                if (key == pair || d == 0) {
                    continue;
                }
                long[] count = pairCounts.computeIfAbsent(key, x -> new long[1]);
                count[0] += d;
                if (count[0] <= 0) {
                    pairCounts.remove(key);
                    where.remove(key);
                } else {
                    queue.add(new Candidate(count[0], key));
                }
            }
        }

        /** The word with every non-overlapping (left, right) replaced by {@code id}, left to right; the same array when none. */
        private static int[] mergeWord(int[] s, int left, int right, int id) {
            int[] out = null;
            int n = 0;
            for (int j = 0; j < s.length; j++) {
                if (j + 1 < s.length && s[j] == left && s[j + 1] == right) {
                    if (out == null) {
                        out = new int[s.length - 1];
                        System.arraycopy(s, 0, out, 0, j);
                        n = j;
                    }
                    out[n++] = id;
                    j++;
                } else if (out != null) {
                    out[n++] = s[j];
                }
            }
            return out == null ? s : Arrays.copyOf(out, n);
        }

        private static long key(int left, int right) {
            return ((long) left << 32) | (right & 0xFFFFFFFFL);
        }
    }

    /** A queued pair; most frequent first, then smaller ids first. */
    private record Candidate(long count, long pair) implements Comparable<Candidate> {
        @Override
        public int compareTo(Candidate o) {
            int c = Long.compare(o.count, count);
            return c != 0 ? c : Long.compare(pair, o.pair);
        }
    }

    /** A growable int array; the inverted index holds millions of word numbers, so no boxing. */
    private static final class IntList {
        int[] values = new int[4];
        int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }
    }
}
