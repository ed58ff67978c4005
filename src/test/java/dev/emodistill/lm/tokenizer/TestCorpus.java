package dev.emodistill.lm.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded little texts for the tokenizer tests: English-like words, numbers, punctuation, some non-ASCII. */
final class TestCorpus {
    private static final String[] WORDS = {
        "the", "offer", "days", "minutes", "payment", "schedule", "we", "can", "propose", "rescue", "team",
        "bedtime", "surgery", "date", "is", "a", "of", "to", "and", "next", "week", "plan", "agreed", "let's",
        "it's", "they're", "we've", "I'm", "you'll", "he'd", "café", "naïve", "résumé", "Zürich", "東京",
        "données", "über", "señor", "Ωmega", "negotiation", "negotiate", "terms", "balance", "account",
    };
    private static final String[] PUNCT = {".", ",", "?", ";", ":", " -", "...", "!?", " (ok)", " \"quoted\""};

    private TestCorpus() {
    }

    static List<String> lines(int count, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(line(rng));
        }
        return out;
    }

    static String line(SplittableRandom rng) {
        StringBuilder sb = new StringBuilder();
        int words = 3 + rng.nextInt(12);
        for (int w = 0; w < words; w++) {
            if (w > 0) {
                sb.append(rng.nextInt(20) == 0 ? "  " : " ");
            }
            int kind = rng.nextInt(10);
            if (kind == 0) {
                sb.append(rng.nextInt(100_000));
            } else {
                String word = WORDS[rng.nextInt(WORDS.length)];
                sb.append(rng.nextInt(8) == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
            }
            if (rng.nextInt(6) == 0) {
                sb.append(PUNCT[rng.nextInt(PUNCT.length)]);
            }
        }
        if (rng.nextInt(5) == 0) {
            sb.append('\n');
        }
        return sb.toString();
    }
}
