package dev.emodistill.lm.sft;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The top-K % of logged turns by advantage: SFT imitates only the utterances that went better than usual
 * (DESIGN §9). Ties break by episode id and turn, so the selection is the same on every run.
 */
public final class SftSelection {
    /** Default share of turns kept. */
    public static final double DEFAULT_TOP_FRACTION = 0.3;

    private SftSelection() {
    }

    /** The best {@code fraction} (0, 1] of the turns, best first; at least one when there is any. */
    public static List<LoggedTurn> top(List<LoggedTurn> turns, double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("the top fraction must be in (0, 1], got " + fraction);
        }
        List<LoggedTurn> sorted = new ArrayList<>(turns);
        sorted.sort(Comparator.comparingDouble(LoggedTurn::advantage).reversed()
                .thenComparing(x -> x.episode().episodeId())
                .thenComparingInt(LoggedTurn::t));
        int keep = turns.isEmpty() ? 0 : Math.max(1, (int) Math.round(fraction * turns.size()));
        return List.copyOf(sorted.subList(0, keep));
    }
}
