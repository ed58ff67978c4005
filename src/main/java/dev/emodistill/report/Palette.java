package dev.emodistill.report;

import java.util.List;
import java.util.Locale;

/** The colours of the study report's charts: a categorical set for series and a sequential ramp for heat maps. */
public final class Palette {
    /**
     * Ten distinguishable series colours (Tableau's classic ten). Beyond ten they repeat; the legend and the
     * tooltips still name every series.
     */
    public static final List<String> CATEGORICAL = List.of("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
            "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac");

    /** Light to dark blue: one hue, so the order of values reads the same for colour-blind readers. */
    private static final int[][] RAMP = {
            {0xf7, 0xfb, 0xff}, {0xc6, 0xdb, 0xef}, {0x6b, 0xae, 0xd6}, {0x21, 0x71, 0xb5}, {0x08, 0x30, 0x6b}};

    /** The fill of a cell that was not run. */
    public static final String MISSING = "#eeeeee";

    private Palette() {
    }

    /** The colour of series {@code index} (0-based). */
    public static String series(int index) {
        return CATEGORICAL.get(Math.floorMod(index, CATEGORICAL.size()));
    }

    /** The ramp's colour at {@code t} in [0, 1] (clamped), as {@code #rrggbb}. */
    public static String sequential(double t) {
        double x = Math.max(0, Math.min(1, Double.isNaN(t) ? 0 : t)) * (RAMP.length - 1);
        int i = Math.min(RAMP.length - 2, (int) Math.floor(x));
        double f = x - i;
        int[] rgb = new int[3];
        for (int c = 0; c < 3; c++) {
            rgb[c] = (int) Math.round(RAMP[i][c] * (1 - f) + RAMP[i + 1][c] * f);
        }
        return String.format(Locale.ROOT, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
    }

    /** Whether text on the ramp's colour at {@code t} should be white rather than black to stay readable. */
    public static boolean darkAt(double t) {
        return t > 0.55;
    }
}
