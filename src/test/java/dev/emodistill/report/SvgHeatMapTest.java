package dev.emodistill.report;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.util.List;

import static dev.emodistill.report.SvgTestSupport.parse;
import static dev.emodistill.report.SvgTestSupport.withClass;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SvgHeatMapTest {
    private static final List<String> ROWS = List.of("debt", "disaster");
    private static final List<String> COLS = List.of("debt", "disaster", "student");
    private static final double[][] VALUES = {{0.61, 0.42, 0.38}, {0.45, Double.NaN, 0.4}};
    private static final double[][] LOW = {{0.55, 0.37, 0.33}, {0.4, Double.NaN, 0.35}};
    private static final double[][] HIGH = {{0.67, 0.47, 0.43}, {0.5, Double.NaN, 0.45}};

    private static Document render() {
        return parse(SvgHeatMap.render("Transfer", ROWS, COLS, VALUES, LOW, HIGH, "trained on", "tested on",
                "expected utility"));
    }

    @Test
    void everyCellCarriesItsNumberAndInterval() {
        Document doc = render();
        assertEquals(6, withClass(doc, "rect", "cell").size());
        assertEquals(List.of("0.610", "0.420", "0.380", "0.450", "0.400"),
                withClass(doc, "text", "cell-value").stream().map(Element::getTextContent).toList());
        assertEquals("[0.550, 0.670]", withClass(doc, "text", "cell-ci").get(0).getTextContent());
        assertEquals(List.of("not run"),
                withClass(doc, "text", "cell-missing").stream().map(Element::getTextContent).toList());
        assertEquals(COLS, withClass(doc, "text", "column-label").stream().map(Element::getTextContent).toList());
        assertEquals(ROWS, withClass(doc, "text", "row-label").stream().map(Element::getTextContent).toList());
    }

    @Test
    void colourFollowsTheValueAndTheScaleIsLabelled() {
        Document doc = render();
        List<Element> cells = withClass(doc, "rect", "cell");
        String highest = cells.get(0).getAttribute("fill");
        String lowest = cells.get(2).getAttribute("fill");
        assertNotEquals(highest, lowest);
        assertTrue(luminance(highest) < luminance(lowest), "higher values are darker");
        assertEquals(Palette.MISSING, cells.get(4).getAttribute("fill"), "not run is grey");
        assertEquals("#ffffff", withClass(doc, "text", "cell-value").get(0).getAttribute("fill"),
                "white text on the darkest cell");
        assertEquals("0.380", withClass(doc, "text", "scale-min").get(0).getTextContent());
        assertEquals("0.610", withClass(doc, "text", "scale-max").get(0).getTextContent());
        List<Element> steps = withClass(doc, "rect", "scale");
        assertTrue(steps.size() >= 8);
        assertTrue(luminance(steps.get(0).getAttribute("fill")) > luminance(steps.get(steps.size() - 1)
                .getAttribute("fill")), "the scale runs light to dark");
    }

    @Test
    void aSharedScaleKeepsColoursComparable() {
        Document doc = parse(SvgHeatMap.render("t", ROWS, COLS, VALUES, LOW, HIGH, "r", "c", "u", 0.0, 1.0));
        assertEquals("0.000", withClass(doc, "text", "scale-min").get(0).getTextContent());
        assertEquals("1.000", withClass(doc, "text", "scale-max").get(0).getTextContent());
        assertEquals(Palette.sequential(0.61), withClass(doc, "rect", "cell").get(0).getAttribute("fill"));
    }

    @Test
    void shapesMustMatch() {
        assertThrows(IllegalArgumentException.class, () -> SvgHeatMap.render("t", ROWS, COLS,
                new double[][] {{1, 2, 3}}, LOW, HIGH, "r", "c", "u"));
    }

    private static double luminance(String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        return 0.2126 * (rgb >> 16 & 0xff) + 0.7152 * (rgb >> 8 & 0xff) + 0.0722 * (rgb & 0xff);
    }
}
