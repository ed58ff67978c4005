package dev.emodistill.report;

import dev.emodistill.emotion.Emotion;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.emodistill.report.SvgTestSupport.attr;
import static dev.emodistill.report.SvgTestSupport.count;
import static dev.emodistill.report.SvgTestSupport.elements;
import static dev.emodistill.report.SvgTestSupport.parse;
import static dev.emodistill.report.SvgTestSupport.withClass;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SvgChartsTest {
    /** One bar per emotion, values spread over [0.2, 0.8], intervals ±0.05. */
    private static List<SvgCharts.Bar> emotionBars() {
        List<SvgCharts.Bar> bars = new ArrayList<>();
        int n = Emotion.GOEMOTIONS.size();
        for (int i = 0; i < n; i++) {
            double v = 0.2 + 0.6 * i / (n - 1);
            bars.add(new SvgCharts.Bar(Emotion.GOEMOTIONS.get(i).label(), v, v - 0.05, v + 0.05));
        }
        return bars;
    }

    @Test
    void oneRectAndOneWhiskerPerBar() {
        List<SvgCharts.Bar> bars = emotionBars();
        String svg = SvgCharts.barChartWithIntervals("Per-emotion utility", bars, "expected utility");
        assertEquals(bars.size(), count(svg, "<rect"));
        assertEquals(bars.size(), count(svg, "class=\"ci\""));
        assertEquals(2 * bars.size(), count(svg, "class=\"ci-cap\""));
        Document doc = parse(svg);
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertEquals(bars.size(), elements(doc, "rect").size());
    }

    @Test
    void twentyEightBarsStayReadableAndInTheGivenOrder() {
        List<SvgCharts.Bar> bars = emotionBars();
        Document doc = parse(SvgCharts.barChartWithIntervals("t", bars, "x"));
        List<Element> rects = elements(doc, "rect");
        List<Element> labels = withClass(doc, "text", "label");
        for (int i = 0; i < rects.size(); i++) {
            assertTrue(attr(rects.get(i), "height") >= 12, "bars tall enough to see");
            assertTrue(labels.get(i).getTextContent().startsWith(bars.get(i).label()));
            if (i > 0) {
                Element prev = rects.get(i - 1);
                assertTrue(attr(prev, "y") + attr(prev, "height") < attr(rects.get(i), "y"),
                        "bars do not overlap and follow the given order");
            }
        }
        double height = attr(doc.getDocumentElement(), "height");
        assertTrue(height / bars.size() >= 20, "at least 20 px per row for 28 rows: " + height);
    }

    @Test
    void geometryFollowsTheValues() {
        List<SvgCharts.Bar> bars = List.of(
                new SvgCharts.Bar("full", 1.0, 0.9, 1.1),
                new SvgCharts.Bar("half", 0.5, 0.3, 0.6));
        Document doc = parse(SvgCharts.barChartWithIntervals("t", bars, "x"));
        List<Element> rects = elements(doc, "rect");
        Element zero = withClass(doc, "line", "zero").get(0);
        double x0 = attr(zero, "x1");
        assertEquals(x0, attr(rects.get(0), "x"), 0.01, "positive bars start at zero");
        assertEquals(attr(rects.get(0), "width") / 2, attr(rects.get(1), "width"), 0.02);
        List<Element> ci = withClass(doc, "line", "ci");
        double pxPerUnit = attr(rects.get(0), "width");
        assertEquals(x0 + 0.3 * pxPerUnit, attr(ci.get(1), "x1"), 0.02);
        assertEquals(x0 + 0.6 * pxPerUnit, attr(ci.get(1), "x2"), 0.02);
        double barMid = attr(rects.get(1), "y") + attr(rects.get(1), "height") / 2;
        assertEquals(barMid, attr(ci.get(1), "y1"), 0.01, "whisker through the middle of its bar");
    }

    @Test
    void axisTicksCoverEveryIntervalWithRoundNumbers() {
        List<SvgCharts.Bar> bars = List.of(new SvgCharts.Bar("a", 0.42, 0.37, 0.47),
                new SvgCharts.Bar("b", 0.71, 0.66, 0.83));
        Document doc = parse(SvgCharts.barChartWithIntervals("t", bars, "x"));
        List<Double> ticks = withClass(doc, "text", "tick").stream()
                .map(e -> Double.parseDouble(e.getTextContent())).toList();
        assertTrue(ticks.size() >= 4 && ticks.size() <= 12, "a handful of ticks: " + ticks);
        assertEquals(0, ticks.get(0), 1e-12, "the axis starts at zero, where bars start");
        assertTrue(ticks.get(ticks.size() - 1) >= 0.83);
        double step = ticks.get(1) - ticks.get(0);
        for (int i = 1; i < ticks.size(); i++) {
            assertEquals(step, ticks.get(i) - ticks.get(i - 1), 1e-9, "evenly spaced");
        }
        double mantissa = step / Math.pow(10, Math.floor(Math.log10(step)));
        assertTrue(List.of(1.0, 2.0, 5.0).stream().anyMatch(m -> Math.abs(m - mantissa) < 1e-9), "step " + step);
    }

    @Test
    void negativeBarsEndAtZero() {
        List<SvgCharts.Bar> bars = List.of(new SvgCharts.Bar("loss", -0.4, -0.5, -0.3),
                new SvgCharts.Bar("gain", 0.4, 0.3, 0.5));
        Document doc = parse(SvgCharts.barChartWithIntervals("t", bars, "x"));
        List<Element> rects = elements(doc, "rect");
        double zero = attr(withClass(doc, "line", "zero").get(0), "x1");
        assertEquals(zero, attr(rects.get(0), "x") + attr(rects.get(0), "width"), 0.02);
        assertEquals(zero, attr(rects.get(1), "x"), 0.02);
        assertEquals(attr(rects.get(0), "width"), attr(rects.get(1), "width"), 0.02);
    }

    @Test
    void labelsAndTitlesAreEscaped() {
        String nasty = "a<b & c>d \"q\" 'z'";
        String svg = SvgCharts.barChartWithIntervals("T <&> T", List.of(new SvgCharts.Bar(nasty, 0.5, 0.4, 0.6)),
                "x <i>");
        assertFalse(svg.contains("a<b"));
        assertFalse(svg.contains("<i>"));
        assertTrue(svg.contains("a&lt;b &amp; c&gt;d"));
        Document doc = parse(svg);
        Element label = withClass(doc, "text", "label").get(0);
        assertEquals(nasty, label.getFirstChild().getNodeValue(), "the parser reads back the original text");
        assertEquals("T <&> T", elements(doc, "title").get(0).getTextContent());
        assertEquals("x <i>", withClass(doc, "text", "x-label").get(0).getTextContent());
    }

    @Test
    void controlCharactersCannotBreakTheXml() {
        String svg = SvgCharts.barChartWithIntervals("t", List.of(SvgCharts.Bar.of("bell\u0007 nul\u0000", 1)), "x");
        parse(svg);
    }

    @Test
    void referenceLineAndColoursAgainstIt() {
        List<SvgCharts.Bar> bars = List.of(
                new SvgCharts.Bar("above", 0.8, 0.7, 0.9),
                new SvgCharts.Bar("below", 0.2, 0.1, 0.3),
                new SvgCharts.Bar("overlap", 0.5, 0.4, 0.6));
        SvgCharts.Reference ref = new SvgCharts.Reference("no-emotion", 0.5);
        Document doc = parse(SvgCharts.barChartWithIntervals("t", bars, "x", ref));
        List<Element> refLines = withClass(doc, "line", "reference");
        assertEquals(1, refLines.size());
        List<Element> rects = elements(doc, "rect");
        double overlapEnd = attr(rects.get(2), "x") + attr(rects.get(2), "width");
        assertEquals(overlapEnd, attr(refLines.get(0), "x1"), 0.02, "the line sits at the reference value");
        String above = rects.get(0).getAttribute("fill");
        String below = rects.get(1).getAttribute("fill");
        String overlap = rects.get(2).getAttribute("fill");
        assertNotEquals(above, below);
        assertNotEquals(above, overlap);
        assertNotEquals(below, overlap);
        assertTrue(withClass(doc, "text", "reference-label").get(0).getTextContent().contains("no-emotion"));
        assertEquals(1, withClass(doc, "text", "legend").size());

        Document plain = parse(SvgCharts.barChartWithIntervals("t", bars, "x"));
        assertTrue(withClass(plain, "line", "reference").isEmpty());
        assertEquals(1, elements(plain, "rect").stream().map(e -> e.getAttribute("fill")).distinct().count());
    }

    @Test
    void referenceOutsideTheDataWidensTheAxis() {
        List<SvgCharts.Bar> bars = List.of(new SvgCharts.Bar("a", 0.3, 0.2, 0.4));
        Document doc = parse(SvgCharts.barChartWithIntervals("t", bars, "x", new SvgCharts.Reference("r", 2.5)));
        double refX = attr(withClass(doc, "line", "reference").get(0), "x1");
        double axisEnd = attr(withClass(doc, "line", "axis").get(0), "x2");
        assertTrue(refX <= axisEnd + 1e-9);
    }

    @Test
    void barsWithoutIntervalsHaveNoWhiskers() {
        String svg = SvgCharts.barChartWithIntervals("t",
                List.of(SvgCharts.Bar.of("one", 0.3), new SvgCharts.Bar("two", 0.4, 0.35, 0.45)), "x");
        assertEquals(2, count(svg, "<rect"));
        assertEquals(1, count(svg, "class=\"ci\""));
    }

    @Test
    void emptyChartIsStillAValidImage() {
        Document doc = parse(SvgCharts.barChartWithIntervals("nothing yet", List.of(), "x"));
        assertTrue(elements(doc, "rect").isEmpty());
        assertTrue(doc.getDocumentElement().getTextContent().contains("no data"));
    }

    @Test
    void selfContainedAndLocaleIndependent() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            String svg = SvgCharts.barChartWithIntervals("t", emotionBars(), "x",
                    new SvgCharts.Reference("no-emotion", 0.45));
            assertFalse(svg.contains("<script"));
            assertFalse(svg.contains("href"));
            assertFalse(svg.contains("url("));
            assertFalse(svg.contains("@import"));
            assertEquals(1, count(svg, "http"), "only the namespace name");
            Document doc = parse(svg);
            for (Element r : elements(doc, "rect")) {
                for (String a : List.of("x", "y", "width", "height")) {
                    attr(r, a); // a decimal comma would not parse
                }
            }
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void invalidBarsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SvgCharts.Bar("x", Double.NaN, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new SvgCharts.Bar("x", 0.5, 0.6, 0.4));
        assertThrows(IllegalArgumentException.class, () -> new SvgCharts.Bar("x", 0.5, Double.NaN, 0.6));
        assertThrows(IllegalArgumentException.class, () -> new SvgCharts.Reference("r", Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class,
                () -> SvgCharts.barChartWithIntervals("t", List.of(), "x", null));
    }
}
