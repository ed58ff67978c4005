package dev.emodistill.report;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.util.List;

import static dev.emodistill.report.SvgTestSupport.attr;
import static dev.emodistill.report.SvgTestSupport.parse;
import static dev.emodistill.report.SvgTestSupport.withClass;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SvgGroupedBarChartTest {
    private static final List<String> GROUPS = List.of("debt", "disaster");
    private static final List<String> SERIES = List.of("vanilla", "IQL", "full stack");
    private static final double[][] V = {{0.3, 0.5, 0.6}, {0.4, Double.NaN, 0.7}};
    private static final double[][] LO = {{0.25, 0.45, 0.55}, {0.35, Double.NaN, 0.65}};
    private static final double[][] HI = {{0.35, 0.55, 0.65}, {0.45, Double.NaN, 0.75}};

    @Test
    void oneColouredBarPerMeasuredValueAndAnNaMarkForTheRest() {
        Document doc = parse(SvgGroupedBarChart.render("EU", GROUPS, SERIES, V, LO, HI, "expected utility"));
        List<Element> bars = withClass(doc, "rect", "bar");
        assertEquals(5, bars.size());
        assertEquals(5, withClass(doc, "line", "ci").size());
        assertEquals(1, withClass(doc, "text", "missing").size());
        assertEquals(Palette.series(0), bars.get(0).getAttribute("fill"));
        assertEquals(Palette.series(2), bars.get(2).getAttribute("fill"));
        assertEquals(Palette.series(2), bars.get(4).getAttribute("fill"), "the same series keeps its colour");
        assertEquals(SERIES, withClass(doc, "text", "legend").stream().map(Element::getTextContent).toList());
        assertEquals(GROUPS, withClass(doc, "text", "group-label").stream().map(Element::getTextContent).toList());
    }

    @Test
    void heightsFollowValuesAndGroupsDoNotOverlap() {
        Document doc = parse(SvgGroupedBarChart.render("EU", GROUPS, SERIES, V, LO, HI, "expected utility"));
        List<Element> bars = withClass(doc, "rect", "bar");
        double unit = attr(bars.get(0), "height") / 0.3;
        assertEquals(0.6 * unit, attr(bars.get(2), "height"), 0.05);
        for (int i = 1; i < bars.size(); i++) {
            assertTrue(attr(bars.get(i - 1), "x") + attr(bars.get(i - 1), "width") <= attr(bars.get(i), "x") + 1e-6,
                    "bars left to right without overlap");
        }
        double bottom = attr(bars.get(0), "y") + attr(bars.get(0), "height");
        for (Element b : bars) {
            assertEquals(bottom, attr(b, "y") + attr(b, "height"), 0.01, "all bars stand on zero");
        }
    }

    @Test
    void shapesMustMatch() {
        assertThrows(IllegalArgumentException.class, () -> SvgGroupedBarChart.render("t", GROUPS, SERIES,
                new double[][] {{1, 2}}, LO, HI, "y"));
    }
}
