package dev.emodistill.lm.tokenizer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds special tokens such as {@code <|eos|>} in raw text, the way the Hugging Face added-token matcher
 * does for non-normalized tokens without strip options: exact substrings, leftmost first and, among those
 * starting at one position, the longest. Text between them is ordinary text for the pre-tokenizer.
 */
final class SpecialTokens {
    /** Receives the text between specials and the specials themselves, in order. */
    interface Sink {
        void text(String text);

        void special(int id);
    }

    private final List<String> tokens;
    private final Map<String, Integer> ids;

    SpecialTokens(Map<String, Integer> idsByToken) {
        this.ids = new HashMap<>(idsByToken);
        this.tokens = List.copyOf(idsByToken.keySet());
    }

    /** The id of a special token, or -1. */
    int id(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    /** Splits {@code text} around the specials; empty text pieces are not reported. */
    void split(String text, Sink sink) {
        int pos = 0;
        while (pos < text.length()) {
            int best = -1;
            String bestToken = null;
            for (String t : tokens) {
                int at = text.indexOf(t, pos);
                if (at >= 0 && (best < 0 || at < best || (at == best && t.length() > bestToken.length()))) {
                    best = at;
                    bestToken = t;
                }
            }
            if (best < 0) {
                break;
            }
            if (best > pos) {
                sink.text(text.substring(pos, best));
            }
            sink.special(ids.get(bestToken));
            pos = best + bestToken.length();
        }
        if (pos < text.length()) {
            sink.text(text.substring(pos));
        }
    }
}
