package dev.emodistill.emotion;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Labelled training sentences for the emotion-classifier heads, generated from a combinatorial grammar
 * ({@code training-grammar.json}): emotion lexicon × sentence frames × contexts from debt repayment, disaster
 * rescue, teenage bedtimes, surgery scheduling and everyday life. No sentence contains a digit.
 *
 * <p>The two heads must never train on the same sentence, so every sentence belongs to exactly one
 * {@link Pool}. Most frames are written for one pool only, so the two heads also see different sentence
 * shapes; a sentence from a frame shared by both pools (or produced by frames of both) goes to the pool
 * picked by a stable hash of its {@linkplain #normalise normalised} text. A sentence the grammar produces
 * for two different emotions is dropped altogether, since its label would be ambiguous.
 *
 * <p>The universe is built once per JVM (tens of thousands of short strings) and is immutable.
 */
public final class TrainingSentences {
    /** Which head a sentence may train: the counterparties' perception head or the judge's evaluation head. */
    public enum Pool { PERCEPTION, EVALUATION }

    /** One generated sentence and the emotion it expresses (always one of the 28 GoEmotions labels). */
    public record Labelled(String text, Emotion emotion) {
        public Labelled {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(emotion, "emotion");
            if (text.isBlank()) {
                throw new IllegalArgumentException("training sentence text is blank");
            }
            if (emotion.isControl()) {
                throw new IllegalArgumentException("the no-emotion control is not a training label");
            }
        }
    }

    private static final Pattern APOSTROPHES = Pattern.compile("['\u2019]");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private TrainingSentences() {
    }

    /**
     * A deterministic sample: {@code perEmotion} distinct sentences for each of the 28 labels, from the given
     * pool, in an order shuffled by {@code seed} (so a trainer can take the list as is). Within a label the
     * sample rotates over the grammar's frames, so frames with many slot combinations do not crowd out the
     * others. The same arguments always give the same list in the same order.
     *
     * @throws IllegalArgumentException if {@code perEmotion} is below 1 or above {@link #maxPerEmotion(Pool)}
     */
    public static List<Labelled> generate(Pool pool, int perEmotion, long seed) {
        Objects.requireNonNull(pool, "pool");
        int max = maxPerEmotion(pool);
        if (perEmotion < 1 || perEmotion > max) {
            throw new IllegalArgumentException("perEmotion must be 1.." + max + " for the " + pool
                    + " pool (the fewest distinct sentences any label has there), got " + perEmotion);
        }
        Random random = new Random(seed);
        List<Labelled> out = new ArrayList<>(perEmotion * Emotion.COUNT);
        for (Emotion emotion : Emotion.GOEMOTIONS) {
            out.addAll(sampleRoundRobin(Universe.INSTANCE.groups(pool, emotion), perEmotion, random));
        }
        shuffle(out, random);
        return List.copyOf(out);
    }

    /** Every sentence of the pool, grouped by label in GoEmotions order; for tests and inspection. */
    public static List<Labelled> universe(Pool pool) {
        return Universe.INSTANCE.flat(Objects.requireNonNull(pool, "pool"));
    }

    /** The largest {@code perEmotion} that {@link #generate} accepts for this pool. */
    public static int maxPerEmotion(Pool pool) {
        Objects.requireNonNull(pool, "pool");
        int min = Integer.MAX_VALUE;
        for (Emotion emotion : Emotion.GOEMOTIONS) {
            int n = 0;
            for (List<Labelled> group : Universe.INSTANCE.groups(pool, emotion)) {
                n += group.size();
            }
            min = Math.min(min, n);
        }
        return min;
    }

    /**
     * The form used to compare sentences: lower case, apostrophes removed ({@code I'm} → {@code im}), every
     * other run of non-letters/non-digits turned into one space, trimmed.
     */
    public static String normalise(String text) {
        String t = APOSTROPHES.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("");
        return NON_WORD.matcher(t).replaceAll(" ").trim();
    }

    /** The pool a hash-assigned sentence goes to; FNV-1a so the split never depends on the JVM. */
    static Pool hashPool(String normalised) {
        long h = 0xcbf29ce484222325L;
        for (byte b : normalised.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        // Fold the high bits in: FNV's lowest bit alone mixes poorly.
        h ^= h >>> 32;
        return (h & 1L) == 0 ? Pool.PERCEPTION : Pool.EVALUATION;
    }

    /**
     * Shuffles each frame's sentences and the frame order, then takes the next sentence of each frame in
     * turn until {@code n} are taken, skipping exhausted frames.
     */
    private static List<Labelled> sampleRoundRobin(List<List<Labelled>> groups, int n, Random random) {
        List<List<Labelled>> queues = new ArrayList<>(groups.size());
        for (List<Labelled> g : groups) {
            List<Labelled> copy = new ArrayList<>(g);
            shuffle(copy, random);
            queues.add(copy);
        }
        shuffle(queues, random);
        List<Labelled> taken = new ArrayList<>(n);
        int[] next = new int[queues.size()];
        while (taken.size() < n) {
            boolean progressed = false;
            for (int q = 0; q < queues.size() && taken.size() < n; q++) {
                if (next[q] < queues.get(q).size()) {
                    taken.add(queues.get(q).get(next[q]++));
                    progressed = true;
                }
            }
            if (!progressed) {
                throw new IllegalStateException("sampled past the end of the pool; maxPerEmotion is inconsistent");
            }
        }
        return taken;
    }

    /** Fisher–Yates with {@link Random}, whose sequence the Java spec fixes, so samples never drift. */
    private static <T> void shuffle(List<T> list, Random random) {
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, random.nextInt(i + 1));
        }
    }

    /** The expanded grammar, split into pools; built on first use and then shared. */
    private static final class Universe {
        static final Universe INSTANCE = build(TrainingGrammar.load());

        /** Per pool and emotion: the sentences grouped by the frame that first produced them. */
        private final Map<Pool, Map<Emotion, List<List<Labelled>>>> groups;
        private final Map<Pool, List<Labelled>> flat;

        private Universe(Map<Pool, Map<Emotion, List<List<Labelled>>>> groups) {
            this.groups = groups;
            this.flat = new EnumMap<>(Pool.class);
            for (Pool pool : Pool.values()) {
                List<Labelled> all = new ArrayList<>();
                for (Emotion emotion : Emotion.GOEMOTIONS) {
                    for (List<Labelled> group : groups.get(pool).get(emotion)) {
                        all.addAll(group);
                    }
                }
                flat.put(pool, List.copyOf(all));
            }
        }

        List<List<Labelled>> groups(Pool pool, Emotion emotion) {
            return groups.get(pool).get(emotion);
        }

        List<Labelled> flat(Pool pool) {
            return flat.get(pool);
        }

        /** What one normalised sentence was produced by: its first surface form and frame, all labels and sources. */
        private static final class Origin {
            final String text;
            final TrainingGrammar.Template template;
            final Set<Emotion> emotions = EnumSet.noneOf(Emotion.class);
            final Set<TrainingGrammar.Source> sources = EnumSet.noneOf(TrainingGrammar.Source.class);

            Origin(String text, TrainingGrammar.Template template) {
                this.text = text;
                this.template = template;
            }
        }

        static Universe build(TrainingGrammar grammar) {
            Map<String, Origin> byKey = new LinkedHashMap<>();
            for (TrainingGrammar.Template template : grammar.templates()) {
                for (String text : grammar.expand(template)) {
                    Origin origin = byKey.computeIfAbsent(normalise(text), k -> new Origin(text, template));
                    origin.emotions.add(template.emotion());
                    origin.sources.add(template.source());
                }
            }
            // Frame -> sentences, keeping the grammar's order so the universe is reproducible.
            Map<Pool, Map<Emotion, Map<TrainingGrammar.Template, List<Labelled>>>> byFrame = new EnumMap<>(Pool.class);
            for (Pool pool : Pool.values()) {
                Map<Emotion, Map<TrainingGrammar.Template, List<Labelled>>> perEmotion = new EnumMap<>(Emotion.class);
                for (Emotion emotion : Emotion.GOEMOTIONS) {
                    perEmotion.put(emotion, new LinkedHashMap<>());
                }
                byFrame.put(pool, perEmotion);
            }
            for (Map.Entry<String, Origin> e : byKey.entrySet()) {
                Origin origin = e.getValue();
                if (origin.emotions.size() > 1) {
                    continue;
                }
                Pool pool = poolOf(e.getKey(), origin.sources);
                byFrame.get(pool).get(origin.template.emotion())
                        .computeIfAbsent(origin.template, t -> new ArrayList<>())
                        .add(new Labelled(origin.text, origin.template.emotion()));
            }
            Map<Pool, Map<Emotion, List<List<Labelled>>>> groups = new EnumMap<>(Pool.class);
            for (Pool pool : Pool.values()) {
                Map<Emotion, List<List<Labelled>>> perEmotion = new EnumMap<>(Emotion.class);
                for (Emotion emotion : Emotion.GOEMOTIONS) {
                    List<List<Labelled>> frames = new ArrayList<>();
                    for (List<Labelled> g : byFrame.get(pool).get(emotion).values()) {
                        frames.add(List.copyOf(g));
                    }
                    perEmotion.put(emotion, List.copyOf(frames));
                }
                groups.put(pool, perEmotion);
            }
            return new Universe(groups);
        }

        /** A pool's own frames keep their sentences; anything shared or produced on both sides is hashed. */
        private static Pool poolOf(String normalised, Set<TrainingGrammar.Source> sources) {
            if (sources.equals(EnumSet.of(TrainingGrammar.Source.PERCEPTION))) {
                return Pool.PERCEPTION;
            }
            if (sources.equals(EnumSet.of(TrainingGrammar.Source.EVALUATION))) {
                return Pool.EVALUATION;
            }
            return hashPool(normalised);
        }
    }
}
