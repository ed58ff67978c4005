package dev.emodistill.report;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.util.List;

import static dev.emodistill.report.SvgTestSupport.count;
import static dev.emodistill.report.SvgTestSupport.elements;
import static dev.emodistill.report.SvgTestSupport.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlPageTest {
    private static final List<String> HEADERS = List.of("policy", "utility");
    private static final List<List<String>> ROWS = List.of(
            List.of("fixed:anger", "0.41"),
            List.of("rule:<ekman> & co", "0.57"),
            List.of("no-emotion", "0.45"));

    private static String page() {
        String chart = SvgCharts.barChartWithIntervals("Utility", List.of(
                new SvgCharts.Bar("fixed:anger", 0.41, 0.36, 0.46),
                new SvgCharts.Bar("rule:<ekman> & co", 0.57, 0.52, 0.61)), "expected utility",
                new SvgCharts.Reference("no-emotion", 0.45));
        return new HtmlPage("Report <debt> & more")
                .heading("Per-emotion effects")
                .paragraph("Bars show 95 % intervals; <b>not bold</b>.")
                .svg(chart)
                .table(HEADERS, ROWS)
                .preformatted("{\"seed\": 7}")
                .render();
    }

    @Test
    void pageIsWellFormedAndHoldsEveryRow() {
        String html = page();
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        Document doc = parse(html);
        assertEquals("html", doc.getDocumentElement().getTagName());
        assertEquals("Report <debt> & more", elements(doc, "title").get(0).getTextContent());
        assertEquals("Report <debt> & more", elements(doc, "h1").get(0).getTextContent());
        List<Element> rows = elements(doc, "tr");
        assertEquals(ROWS.size() + 1, rows.size(), "a header row plus one per data row");
        for (int r = 0; r < ROWS.size(); r++) {
            List<Element> cells = elements(doc, "td").subList(2 * r, 2 * r + 2);
            assertEquals(ROWS.get(r).get(0), cells.get(0).getTextContent());
            assertEquals(ROWS.get(r).get(1), cells.get(1).getTextContent());
            assertEquals("num", cells.get(1).getAttribute("class"), "numbers are right-aligned");
        }
        assertEquals("Bars show 95 % intervals; <b>not bold</b>.", elements(doc, "p").get(0).getTextContent());
        assertTrue(elements(doc, "b").isEmpty(), "text is never interpreted as markup");
        assertEquals(2, elements(doc, "rect").size(), "the chart is inline");
        assertEquals("{\"seed\": 7}", elements(doc, "pre").get(0).getTextContent());
    }

    @Test
    void pageLoadsNothing() {
        String html = page();
        assertFalse(html.contains("<script"));
        assertFalse(html.contains("<link"));
        assertFalse(html.contains("src="));
        assertFalse(html.contains("@import"));
        assertFalse(html.contains("url("));
        assertEquals(1, count(html, "http"), "only the SVG namespace name");
        assertEquals(1, count(html, "<style>"), "styles are inline");
    }

    @Test
    void blocksKeepTheirOrderAndRenderingIsRepeatable() {
        HtmlPage page = new HtmlPage("t").paragraph("first").heading("second").paragraph("third");
        String html = page.render();
        assertTrue(html.indexOf("first") < html.indexOf("second") && html.indexOf("second") < html.indexOf("third"));
        assertEquals(html, page.render());
        assertTrue(page.paragraph("fourth").render().contains("fourth"));
    }

    @Test
    void captionedTable() {
        Document doc = parse(new HtmlPage("t").table("Main table", new Table(HEADERS, ROWS)).render());
        assertEquals("Main table", elements(doc, "caption").get(0).getTextContent());
        assertEquals(HEADERS.size(), elements(doc, "th").size());
    }

    @Test
    void onlyPlainSvgMayBeInlined() {
        HtmlPage page = new HtmlPage("t");
        assertThrows(IllegalArgumentException.class, () -> page.svg("<p>not svg</p>"));
        assertThrows(IllegalArgumentException.class, () -> page.svg(null));
        assertThrows(IllegalArgumentException.class,
                () -> page.svg("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"));
        assertThrows(IllegalArgumentException.class,
                () -> page.svg("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"x()\"></svg>"));
        assertThrows(IllegalArgumentException.class,
                () -> page.svg("<svg><image href=\"https://example.org/a.png\"/></svg>"));
        // text that merely reads like an attribute is fine once escaped
        page.svg(SvgCharts.barChartWithIntervals("ongoing = 3", List.of(SvgCharts.Bar.of("src=x", 1)), "x"));
    }

    @Test
    void rowTonesSubheadingsAndNotes() {
        Table table = new Table(List.of("claim", "verdict"), List.of(List.of("a", "holds"),
                List.of("b", "does not hold"), List.of("c", "not tested"), List.of("d", "")));
        String html = new HtmlPage("t").subheading("Claims <1>").note("Not run: nothing")
                .table("Verdicts", table, java.util.Arrays.asList(HtmlPage.Tone.GOOD, HtmlPage.Tone.BAD,
                        HtmlPage.Tone.NEUTRAL, null))
                .render();
        Document doc = parse(html);
        assertEquals("Claims <1>", elements(doc, "h3").get(0).getTextContent());
        Element note = elements(doc, "p").get(0);
        assertEquals("note", note.getAttribute("class"));
        assertEquals("Not run: nothing", note.getTextContent());
        List<String> classes = elements(doc, "tr").stream().map(e -> e.getAttribute("class")).toList();
        assertEquals(List.of("", "good", "bad", "neutral", ""), classes, "header row, then one class per tone");
        for (String cls : List.of("tr.good", "tr.bad", "tr.neutral", "p.note")) {
            assertTrue(html.contains(cls), "the stylesheet styles " + cls);
        }
        assertFalse(html.contains("url("));
        assertThrows(IllegalArgumentException.class,
                () -> new HtmlPage("t").table(null, table, List.of(HtmlPage.Tone.GOOD)), "one tone per row");
    }
}
