package dev.emodistill.report;

import java.util.List;
import java.util.Locale;

/**
 * Dependency-free SVG charts, returned as strings to inline into an {@link HtmlPage} or to write as a {@code .svg}
 * file. No script, stylesheet, font or link is referenced: the only URL is the SVG namespace name, which is an
 * identifier and never fetched.
 */
public final class SvgCharts {
    private static final int WIDTH = 820;
    private static final int ROW = 22;
    private static final int BAR = 14;
    private static final int TOP = 56;
    private static final int BOTTOM = 64;
    private static final int RIGHT = 28;
    private static final int MAX_LABEL_CHARS = 44;
    /** Rough advance of a 12 px sans-serif character; only used to leave room for the labels. */
    private static final double CHAR_WIDTH = 6.6;
    private static final int CAP = 4;

    private static final String PLAIN = "#4c78a8";
    // Blue and orange rather than green and red, so the colours stay apart for red-green colour blindness.
    private static final String ABOVE = "#2a6fb0";
    private static final String BELOW = "#d9762b";
    private static final String UNDECIDED = "#9aa5b1";

    private SvgCharts() {
    }

    /**
     * One bar: a label, its value and a 95 % interval. The interval may be absent (both ends NaN), e.g. for a
     * single observation; otherwise low ≤ high. The value need not lie inside the interval (a percentile bootstrap
     * can, rarely, leave it out).
     */
    public record Bar(String label, double value, double low, double high) {
        public Bar {
            label = label == null ? "" : label;
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("bar '" + label + "': value must be finite, got " + value);
            }
            boolean none = Double.isNaN(low) && Double.isNaN(high);
            if (!none && !(Double.isFinite(low) && Double.isFinite(high) && low <= high)) {
                throw new IllegalArgumentException("bar '" + label + "': interval [" + low + ", " + high
                        + "] must be finite with low <= high, or both NaN for none");
            }
        }

        /** A bar without an interval. */
        public static Bar of(String label, double value) {
            return new Bar(label, value, Double.NaN, Double.NaN);
        }

        public boolean hasInterval() {
            return !Double.isNaN(low);
        }
    }

    /** A vertical reference line, e.g. the no-emotion control's value, that bars are compared against. */
    public record Reference(String label, double value) {
        public Reference {
            label = label == null ? "" : label;
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("reference '" + label + "' must be finite, got " + value);
            }
        }
    }

    /** A horizontal bar chart with 95 % interval whiskers, bars top to bottom in the order given. */
    public static String barChartWithIntervals(String title, List<Bar> bars, String xLabel) {
        return render(title, bars, xLabel, null);
    }

    /**
     * As {@link #barChartWithIntervals(String, List, String)}, plus a dashed reference line. Bars whose whole
     * interval lies above the reference are drawn in blue, wholly below in orange, overlapping it in grey, and a
     * legend says so.
     */
    public static String barChartWithIntervals(String title, List<Bar> bars, String xLabel, Reference reference) {
        if (reference == null) {
            throw new IllegalArgumentException("reference is null; use the overload without one");
        }
        return render(title, bars, xLabel, reference);
    }

    private static String render(String title, List<Bar> bars, String xLabel, Reference reference) {
        if (bars == null) {
            throw new IllegalArgumentException("bars is null");
        }
        int longest = 0;
        for (Bar b : bars) {
            longest = Math.max(longest, display(b.label()).length());
        }
        double left = 16 + Math.max(6, longest) * CHAR_WIDTH;
        double plotRight = WIDTH - RIGHT;
        int rows = Math.max(1, bars.size());
        double plotTop = TOP;
        double plotBottom = TOP + rows * ROW;
        int height = (int) Math.ceil(plotBottom + BOTTOM + (reference != null ? 18 : 0));

        SvgFormat.Ticks axis = axisCovering(bars, reference);
        Scale x = new Scale(axis.min(), axis.max(), left, plotRight);

        StringBuilder s = new StringBuilder(4096 + bars.size() * 600);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" font-family=\"sans-serif\" font-size=\"12\">\n");
        s.append("<title>").append(Markup.escape(title)).append("</title>\n");
        s.append("<text x=\"").append(num(WIDTH / 2.0)).append("\" y=\"24\" text-anchor=\"middle\" font-size=\"15\""
                + " font-weight=\"bold\">").append(Markup.escape(title)).append("</text>\n");

        // grid and tick labels
        for (double t : axis.values()) {
            double tx = x.at(t);
            s.append("<line class=\"grid\" x1=\"").append(num(tx)).append("\" y1=\"").append(num(plotTop - 4))
                    .append("\" x2=\"").append(num(tx)).append("\" y2=\"").append(num(plotBottom))
                    .append("\" stroke=\"#e3e6ea\"/>\n");
            s.append("<text class=\"tick\" x=\"").append(num(tx)).append("\" y=\"").append(num(plotBottom + 16))
                    .append("\" text-anchor=\"middle\">").append(axis.label(t)).append("</text>\n");
        }
        s.append("<line class=\"axis\" x1=\"").append(num(left)).append("\" y1=\"").append(num(plotBottom))
                .append("\" x2=\"").append(num(plotRight)).append("\" y2=\"").append(num(plotBottom))
                .append("\" stroke=\"#333\"/>\n");
        double zero = x.at(0);
        s.append("<line class=\"zero\" x1=\"").append(num(zero)).append("\" y1=\"").append(num(plotTop - 4))
                .append("\" x2=\"").append(num(zero)).append("\" y2=\"").append(num(plotBottom))
                .append("\" stroke=\"#333\"/>\n");
        s.append("<text class=\"x-label\" x=\"").append(num((left + plotRight) / 2)).append("\" y=\"")
                .append(num(plotBottom + 40)).append("\" text-anchor=\"middle\">").append(Markup.escape(xLabel))
                .append("</text>\n");

        if (bars.isEmpty()) {
            s.append("<text x=\"").append(num((left + plotRight) / 2)).append("\" y=\"").append(num(plotTop + ROW / 2.0))
                    .append("\" text-anchor=\"middle\" fill=\"#666\">no data</text>\n");
        }
        for (int i = 0; i < bars.size(); i++) {
            bar(s, bars.get(i), plotTop + i * ROW, left, x, reference);
        }
        if (reference != null) {
            referenceLine(s, reference, x, plotTop, plotBottom, left, plotRight);
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static void bar(StringBuilder s, Bar b, double rowTop, double left, Scale x, Reference reference) {
        double mid = rowTop + ROW / 2.0;
        double x0 = x.at(Math.min(0, b.value()));
        double x1 = x.at(Math.max(0, b.value()));
        String tooltip = b.label() + ": " + plain(b.value())
                + (b.hasInterval() ? " (95 % CI " + plain(b.low()) + " to " + plain(b.high()) + ")" : "");
        s.append("<text class=\"label\" x=\"").append(num(left - 8)).append("\" y=\"").append(num(mid))
                .append("\" dy=\"0.35em\" text-anchor=\"end\">").append(Markup.escape(display(b.label())))
                .append("<title>").append(Markup.escape(b.label())).append("</title></text>\n");
        s.append("<rect class=\"bar\" x=\"").append(num(x0)).append("\" y=\"").append(num(mid - BAR / 2.0))
                .append("\" width=\"").append(num(x1 - x0)).append("\" height=\"").append(BAR)
                .append("\" fill=\"").append(colour(b, reference)).append("\"><title>")
                .append(Markup.escape(tooltip)).append("</title></rect>\n");
        if (b.hasInterval()) {
            double lo = x.at(b.low());
            double hi = x.at(b.high());
            s.append("<line class=\"ci\" x1=\"").append(num(lo)).append("\" y1=\"").append(num(mid))
                    .append("\" x2=\"").append(num(hi)).append("\" y2=\"").append(num(mid))
                    .append("\" stroke=\"#1b1b1b\" stroke-width=\"1.5\"/>\n");
            for (double end : new double[] {lo, hi}) {
                s.append("<line class=\"ci-cap\" x1=\"").append(num(end)).append("\" y1=\"").append(num(mid - CAP))
                        .append("\" x2=\"").append(num(end)).append("\" y2=\"").append(num(mid + CAP))
                        .append("\" stroke=\"#1b1b1b\" stroke-width=\"1.5\"/>\n");
            }
        }
    }

    private static void referenceLine(StringBuilder s, Reference r, Scale x, double top, double bottom, double left,
                                      double right) {
        double rx = x.at(r.value());
        s.append("<line class=\"reference\" x1=\"").append(num(rx)).append("\" y1=\"").append(num(top - 8))
                .append("\" x2=\"").append(num(rx)).append("\" y2=\"").append(num(bottom))
                .append("\" stroke=\"#7a3b9a\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>\n");
        // Anchor the caption so it stays inside the plot whichever side the line is on.
        String anchor = rx > (left + right) / 2 ? "end" : "start";
        double tx = anchor.equals("end") ? rx - 4 : rx + 4;
        s.append("<text class=\"reference-label\" x=\"").append(num(tx)).append("\" y=\"").append(num(top - 10))
                .append("\" text-anchor=\"").append(anchor).append("\" fill=\"#7a3b9a\">")
                .append(Markup.escape(r.label() + " = " + plain(r.value()))).append("</text>\n");
        String name = Markup.escape(r.label());
        double y = bottom + 58;
        s.append("<text class=\"legend\" x=\"").append(num(left)).append("\" y=\"").append(num(y))
                .append("\" fill=\"#444\">")
                .append("<tspan fill=\"").append(ABOVE).append("\">■</tspan> 95 % CI above ").append(name)
                .append("   <tspan fill=\"").append(BELOW).append("\">■</tspan> below ").append(name)
                .append("   <tspan fill=\"").append(UNDECIDED).append("\">■</tspan> overlaps ").append(name)
                .append("</text>\n");
    }

    private static String colour(Bar b, Reference reference) {
        if (reference == null) {
            return PLAIN;
        }
        if (!b.hasInterval()) {
            return UNDECIDED;
        }
        if (b.low() > reference.value()) {
            return ABOVE;
        }
        return b.high() < reference.value() ? BELOW : UNDECIDED;
    }

    /** Labels past the room on the left are cut; the full text stays in the tooltip. */
    private static String display(String label) {
        String oneLine = label.replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() <= MAX_LABEL_CHARS ? oneLine : oneLine.substring(0, MAX_LABEL_CHARS - 1) + "…";
    }

    /** A coordinate: two decimals, a dot whatever the default locale. */
    private static String num(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** A data value for people: up to four significant decimals. */
    private static String plain(double v) {
        String t = String.format(Locale.ROOT, "%.4f", v);
        t = t.contains(".") ? t.replaceAll("0+$", "").replaceAll("\\.$", "") : t;
        return t.equals("-0") ? "0" : t;
    }

    /** Linear map from data values to x pixels. */
    private record Scale(double min, double max, double from, double to) {
        double at(double v) {
            return from + (v - min) / (max - min) * (to - from);
        }
    }

    /** An axis range that includes zero (bars start there), every value, interval and the reference, widened to round ticks. */
    private static SvgFormat.Ticks axisCovering(List<Bar> bars, Reference reference) {
        double lo = 0;
        double hi = 0;
        for (Bar b : bars) {
            lo = Math.min(lo, b.value());
            hi = Math.max(hi, b.value());
            if (b.hasInterval()) {
                lo = Math.min(lo, b.low());
                hi = Math.max(hi, b.high());
            }
        }
        if (reference != null) {
            lo = Math.min(lo, reference.value());
            hi = Math.max(hi, reference.value());
        }
        if (hi - lo <= 0) {
            hi = lo + 1;
        }
        return SvgFormat.Ticks.covering(lo, hi, 6);
    }
}
