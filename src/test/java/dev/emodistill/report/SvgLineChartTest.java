package dev.emodistill.report;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.util.List;

import static dev.emodistill.report.SvgTestSupport.count;
import static dev.emodistill.report.SvgTestSupport.elements;
import static dev.emodistill.report.SvgTestSupport.parse;
import static dev.emodistill.report.SvgTestSupport.withClass;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SvgLineChartTest {
    private static SvgLineChart.Series series(String name, int n, double scale) {
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 5.0 * i;
            y[i] = scale * Math.exp(-i / 40.0);
        }
        return new SvgLineChart.Series(name, x, y);
    }

    @Test
    void oneLinePerSeriesWithLegendAndTickedAxes() {
        List<SvgLineChart.Series> s = List.of(series("q_loss", 200, 1.2), series("v_loss", 200, 0.8),
                series("policy_loss", 200, 3.3));
        Document doc = parse(SvgLineChart.render("iql:debt", s, "step", "loss"));
        List<Element> lines = withClass(doc, "path", "line");
        assertEquals(3, lines.size());
        assertEquals(3, lines.stream().map(e -> e.getAttribute("stroke")).distinct().count(), "distinct colours");
        assertEquals(List.of("q_loss", "v_loss", "policy_loss"),
                withClass(doc, "text", "legend").stream().map(Element::getTextContent).toList());
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(lines.get(i).getAttribute("stroke"),
                    withClass(doc, "line", "legend-swatch").get(i).getAttribute("stroke"), "legend matches line");
        }
        List<String> xTicks = withClass(doc, "text", "tick x-tick").stream().map(Element::getTextContent).toList();
        assertTrue(xTicks.size() >= 4, "x axis has ticks: " + xTicks);
        assertEquals("0", xTicks.get(0));
        double lastTick = Double.parseDouble(xTicks.get(xTicks.size() - 1));
        assertTrue(lastTick >= 995, "the axis reaches the last step (995): " + lastTick);
        List<String> yTicks = withClass(doc, "text", "tick y-tick").stream().map(Element::getTextContent).toList();
        assertTrue(Double.parseDouble(yTicks.get(yTicks.size() - 1)) >= 3.3, "the y axis covers the largest value");
        String d = lines.get(0).getAttribute("d");
        assertEquals(200, count(d, "M") + count(d, "L"), "one move or line command per point");
    }

    @Test
    void higherValuesAreDrawnHigher() {
        Document doc = parse(SvgLineChart.render("t", List.of(series("a", 3, 1.0)), "step", "v"));
        String[] parts = withClass(doc, "path", "line").get(0).getAttribute("d").split("[ML ]+");
        double firstY = Double.parseDouble(parts[2]);
        double lastY = Double.parseDouble(parts[parts.length - 1]);
        assertTrue(firstY < lastY, "a falling loss goes down the page in pixels: " + firstY + " vs " + lastY);
    }

    @Test
    void nanBreaksTheLineAndALonePointIsADot() {
        double[] x = {0, 1, 2, 3, 4, 5, 6};
        double[] y = {1, 0.9, Double.NaN, 0.7, Double.NaN, 0.5, 0.4};
        Document doc = parse(SvgLineChart.render("t", List.of(new SvgLineChart.Series("loss", x, y)), "s", "v"));
        String d = withClass(doc, "path", "line").get(0).getAttribute("d");
        assertEquals(2, count(d, "M"), "two runs: [0,1] and [5,6]; " + d);
        assertEquals(1, withClass(doc, "circle", "point").size(), "the lone point at step 3");
    }

    @Test
    void longSeriesAreThinnedButKeepTheirEnds() {
        Document doc = parse(SvgLineChart.render("t", List.of(series("long", 50_000, 1)), "step", "v"));
        String d = withClass(doc, "path", "line").get(0).getAttribute("d");
        assertEquals(SvgLineChart.MAX_DRAWN, count(d, "L") + count(d, "M"));
        List<String> xTicks = withClass(doc, "text", "tick x-tick").stream().map(Element::getTextContent).toList();
        assertTrue(Double.parseDouble(xTicks.get(xTicks.size() - 1)) >= 5.0 * 49_999);
    }

    @Test
    void emptyAndFlatInputStillDrawAValidChart() {
        Document empty = parse(SvgLineChart.render("t", List.of(), "step", "v"));
        assertEquals("no data", withClass(empty, "text", "empty").get(0).getTextContent());
        double[] x = {0, 1, 2};
        double[] y = {0.5, 0.5, 0.5};
        Document flat = parse(SvgLineChart.render("t", List.of(new SvgLineChart.Series("c", x, y)), "s", "v"));
        List<String> ticks = withClass(flat, "text", "tick y-tick").stream().map(Element::getTextContent).toList();
        assertNotEquals(ticks.get(0), ticks.get(ticks.size() - 1), "a flat series gets a visible range");
        assertEquals(1, elements(flat, "path").size());
    }

    @Test
    void badSeriesAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new SvgLineChart.Series("a", new double[] {0, 1}, new double[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> new SvgLineChart.Series("a", new double[] {Double.NaN}, new double[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> new SvgLineChart.Series("a", new double[] {0}, new double[] {Double.POSITIVE_INFINITY}));
    }
}
