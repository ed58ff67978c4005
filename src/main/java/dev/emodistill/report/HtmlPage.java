package dev.emodistill.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A small builder for a self-contained HTML report page: headings, paragraphs, tables, preformatted text and
 * inline SVG charts, with a short inline stylesheet. The page loads nothing (no script, font, image or link),
 * so it can be mailed or opened offline. All text is escaped; the output is also well-formed XML, so tests and
 * tools can parse it.
 *
 * <pre>{@code
 * String html = new HtmlPage("Per-emotion effects")
 *         .paragraph("Expected utility against the vanilla persona.")
 *         .svg(SvgCharts.barChartWithIntervals(...))
 *         .table(table)
 *         .render();
 * }</pre>
 */
public final class HtmlPage {
    private static final String STYLE = String.join("\n",
            "body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; margin: 2rem auto;",
            "       max-width: 64rem; padding: 0 1rem; color: #1d2329; line-height: 1.45; }",
            "h1 { font-size: 1.6rem; margin-bottom: 0.5rem; }",
            "h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #d8dde3; }",
            "table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }",
            "caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }",
            "th, td { border: 1px solid #d8dde3; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }",
            "th { background: #eef1f4; }",
            "tbody tr:nth-child(even) { background: #f7f8fa; }",
            "td.num { text-align: right; font-variant-numeric: tabular-nums; }",
            "pre { background: #f4f5f7; padding: 0.75rem; overflow-x: auto; font-size: 0.85rem; }",
            "figure { margin: 1rem 0; overflow-x: auto; }",
            "h3 { font-size: 1.05rem; margin-top: 1.5rem; }",
            "p.note { color: #5a6570; font-style: italic; }",
            // Blue and orange, as in the charts, so good and bad stay apart for red-green colour blindness.
            "tr.good td { background: #e3eefa; } tr.good td:first-child { border-left: 5px solid #2a6fb0; }",
            "tr.bad td { background: #fbe8da; } tr.bad td:first-child { border-left: 5px solid #d9762b; }",
            "tr.neutral td { background: #f1f2f4; } tr.neutral td:first-child { border-left: 5px solid #9aa5b1; }");

    /** How a table row reads at a glance; rendered as a row class with a coloured edge and background. */
    public enum Tone {
        GOOD, BAD, NEUTRAL;

        String cssClass() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * An event handler (on…=) or a link/resource attribute (href, src) inside a tag. Escaped text has no '<', so
     * a label such as "ongoing = 3" cannot match.
     */
    private static final Pattern ACTIVE_ATTRIBUTE = Pattern.compile("<[^>]*\\s(on[a-z]+|[a-z:]*href|src)\\s*=");

    private final String title;
    private final List<String> blocks = new ArrayList<>();

    /** A page whose {@code <title>} and top heading are {@code title}. */
    public HtmlPage(String title) {
        this.title = title == null ? "" : title;
    }

    /** A section heading ({@code <h2>}). */
    public HtmlPage heading(String text) {
        blocks.add("<h2>" + Markup.escape(text) + "</h2>");
        return this;
    }

    /** A paragraph of plain text (escaped; no markup is interpreted). */
    public HtmlPage paragraph(String text) {
        blocks.add("<p>" + Markup.escape(text) + "</p>");
        return this;
    }

    /** A subsection heading ({@code <h3>}). */
    public HtmlPage subheading(String text) {
        blocks.add("<h3>" + Markup.escape(text) + "</h3>");
        return this;
    }

    /** A de-emphasised paragraph, e.g. "not run" in place of a section that has no data. */
    public HtmlPage note(String text) {
        blocks.add("<p class=\"note\">" + Markup.escape(text) + "</p>");
        return this;
    }

    /** Preformatted text, e.g. a provenance record or a command line. */
    public HtmlPage preformatted(String text) {
        blocks.add("<pre>" + Markup.escape(text) + "</pre>");
        return this;
    }

    public HtmlPage table(List<String> headers, List<List<String>> rows) {
        return table(null, new Table(headers, rows));
    }

    public HtmlPage table(Table table) {
        return table(null, table);
    }

    /** A table with an optional caption (null for none); numeric columns are right-aligned. */
    public HtmlPage table(String caption, Table table) {
        return table(caption, table, null);
    }

    /**
     * A table with an optional caption and one {@link Tone} per row (null for none, or a null list for no tones),
     * e.g. to show at a glance which claims hold.
     */
    public HtmlPage table(String caption, Table table, List<Tone> rowTones) {
        if (rowTones != null && rowTones.size() != table.rows().size()) {
            throw new IllegalArgumentException("rowTones has " + rowTones.size() + " entries, the table "
                    + table.rows().size() + " rows");
        }
        StringBuilder s = new StringBuilder("<table>\n");
        if (caption != null) {
            s.append("<caption>").append(Markup.escape(caption)).append("</caption>\n");
        }
        s.append("<thead><tr>");
        for (String h : table.headers()) {
            s.append("<th scope=\"col\">").append(Markup.escape(h)).append("</th>");
        }
        s.append("</tr></thead>\n<tbody>\n");
        int columns = table.headers().size();
        boolean[] numeric = new boolean[columns];
        for (int c = 0; c < columns; c++) {
            numeric[c] = table.numeric(c);
        }
        for (int r = 0; r < table.rows().size(); r++) {
            List<String> row = table.rows().get(r);
            Tone tone = rowTones == null ? null : rowTones.get(r);
            s.append(tone == null ? "<tr>" : "<tr class=\"" + tone.cssClass() + "\">");
            for (int c = 0; c < columns; c++) {
                s.append(numeric[c] ? "<td class=\"num\">" : "<td>").append(Markup.escape(row.get(c))).append("</td>");
            }
            s.append("</tr>\n");
        }
        s.append("</tbody>\n</table>");
        blocks.add(s.toString());
        return this;
    }

    /**
     * An inline SVG chart, inserted as it is: pass output of {@link SvgCharts}, not text from elsewhere. As a
     * guard against mistakes it must be a single {@code <svg>} element and may not contain script, event
     * handlers or links (which would also break the page's promise to load nothing).
     *
     * @throws IllegalArgumentException if the markup is not an svg element or contains script or links
     */
    public HtmlPage svg(String svg) {
        String body = svg == null ? "" : svg.strip();
        if (!body.startsWith("<svg") || !body.endsWith("</svg>")) {
            throw new IllegalArgumentException("not an <svg> element");
        }
        String lower = body.toLowerCase(Locale.ROOT);
        if (lower.contains("<script") || ACTIVE_ATTRIBUTE.matcher(lower).find()) {
            throw new IllegalArgumentException("inline SVG must not contain script, event handlers or links");
        }
        blocks.add("<figure>\n" + body + "\n</figure>");
        return this;
    }

    /** The whole page. Rendering does not change the builder, so it can be rendered again after more blocks. */
    public String render() {
        StringBuilder s = new StringBuilder(4096);
        s.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>").append(Markup.escape(title)).append("</title>\n")
                .append("<style>\n").append(STYLE).append("\n</style>\n</head>\n<body>\n")
                .append("<h1>").append(Markup.escape(title)).append("</h1>\n");
        for (String block : blocks) {
            s.append(block).append('\n');
        }
        s.append("</body>\n</html>\n");
        return s.toString();
    }
}
