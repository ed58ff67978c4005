package dev.emodistill.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.report.StudyResults.TransferMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.emodistill.report.SvgTestSupport.count;
import static dev.emodistill.report.SvgTestSupport.elements;
import static dev.emodistill.report.SvgTestSupport.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StudyReportTest {
    /** Charts the fixture must produce: the method comparison, one per emotion domain, curve group, and agent. */
    static int expectedCharts() {
        return 1 + StudyFixtures.DOMAINS.size() + StudyFixtures.curveGroups().size() + StudyFixtures.AGENTS.size();
    }

    @Test
    void resultsRoundTripThroughJsonText() throws Exception {
        StudyResults r = StudyFixtures.full();
        String text = Json.pretty(r.toJson());
        StudyResults back = StudyResults.fromJson(Json.MAPPER.readTree(text));
        assertEquals(r, back);
        TransferMatrix full = back.transfer().get(1);
        assertTrue(Double.isNaN(full.value(StudyFixtures.MISSING_TRAIN, StudyFixtures.MISSING_TEST)),
                "a cell that was not run stays NaN");
        assertEquals(null, back.methods().get(0).reference(), "the reference row has no reference");
        assertEquals(null, back.claims().get(3).holds(), "an untested claim stays untested");
        assertEquals(StudyFixtures.CURVE_POINTS, back.curves().get(0).points().size());
    }

    @Test
    void theDataModelIsImmutable() {
        StudyResults r = StudyFixtures.full();
        TransferMatrix t = r.transfer().get(0);
        double before = t.value(0, 0);
        t.expectedUtility()[0][0] = 99;
        assertEquals(before, t.value(0, 0));
        r.provenance().put("command", "changed");
        assertNotEquals("changed", r.provenance().get("command").asText());
        assertThrows(UnsupportedOperationException.class, () -> r.methods().clear());
    }

    @Test
    void badValuesAreRejectedWithTheirPlace() {
        StudyResults r = StudyFixtures.full();
        List<StudyResults.MethodRow> twice = new ArrayList<>(r.methods());
        twice.add(r.methods().get(0));
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> new StudyResults("t",
                "small", null, r.generatedAt(), twice, null, null, null, null, null, null));
        assertTrue(dup.getMessage().contains("debt / vanilla SLM"), dup.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StudyResults("t", "huge", null, r.generatedAt(),
                null, null, null, null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new TransferMatrix("a", List.of("x", "y"), List.of("x"),
                new double[][] {{1}}, new double[][] {{1}}, new double[][] {{1}}), "one row short");

        ObjectNode json = r.toJson();
        ((ObjectNode) json.get("methods").get(5)).remove("episodes");
        InputException missing = assertThrows(InputException.class, () -> StudyResults.fromJson(json));
        assertTrue(missing.getMessage().contains("methods[5].episodes"), missing.getMessage());

        ObjectNode wrongCi = r.toJson();
        ((ArrayNode) wrongCi.get("emotions").get(2).get("ci")).set(0, 0.99);
        InputException inverted = assertThrows(InputException.class, () -> StudyResults.fromJson(wrongCi));
        assertTrue(inverted.getMessage().contains("emotions[2]"), inverted.getMessage());
    }

    @Test
    void everyFileIsWrittenWithEveryRow(@TempDir Path dir) throws Exception {
        StudyResults r = StudyFixtures.full();
        StudyReport.Output out = StudyReport.write(dir, r);

        assertEquals(dir.resolve("report.html"), out.html());
        for (Path p : List.of(out.html(), out.markdown(), out.json())) {
            assertTrue(Files.size(p) > 0, p + " is written");
        }
        List<String> names = out.tables().stream().map(p -> dir.resolve("tables").relativize(p).toString()).toList();
        assertEquals(List.of("claims.csv", "main.csv", "emotions.csv", "curves.csv", "transfer-selector.csv",
                "transfer-full-stack.csv", "personas.csv", "tournament.csv"), names);
        assertEquals(1 + StudyFixtures.DOMAINS.size() * StudyFixtures.METHODS.size(), lines(dir, "main.csv"));
        assertEquals(1 + StudyFixtures.DOMAINS.size() * 29, lines(dir, "emotions.csv"));
        assertEquals(1 + r.curves().size() * StudyFixtures.CURVE_POINTS, lines(dir, "curves.csv"));
        assertEquals(1 + 16, lines(dir, "transfer-selector.csv"));
        assertEquals(1 + 12, lines(dir, "personas.csv"));
        assertEquals(1 + 6, lines(dir, "tournament.csv"));
        assertEquals(1 + 4, lines(dir, "claims.csv"));
        String fullStack = Files.readString(dir.resolve("tables/transfer-full-stack.csv"));
        assertTrue(fullStack.contains("full stack,student,medical,,,\r\n"), "a cell that was not run is empty");

        assertEquals(r, StudyResults.fromJson(Json.MAPPER.readTree(out.json().toFile())));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary left");
        }
    }

    @Test
    void theMarkdownPutsClaimsFirstAndHasEveryTable(@TempDir Path dir) throws Exception {
        StudyReport.Output out = StudyReport.write(dir, StudyFixtures.full());
        String md = Files.readString(out.markdown());
        int claims = md.indexOf("## Claims");
        assertTrue(claims > 0 && claims < md.indexOf("## Method comparison"));
        assertTrue(md.contains("| The vanilla large model is beaten by the full stack | not tested |"));
        assertTrue(md.contains("| JPO improves on IQL + SFT in every domain | does not hold |"));
        for (String d : StudyFixtures.DOMAINS) {
            assertTrue(md.contains("### Domain: " + d), d);
        }
        for (String section : List.of("## Per-emotion effects", "## Training curves", "### selector",
                "### full stack", "## Held-out personas", "## Tournament standings", "## Provenance")) {
            assertTrue(md.contains(section), section);
        }
        assertTrue(md.contains("not run"), "the cell that was not run says so");
        assertFalse(Pattern.compile("\\bNaN\\b").matcher(md).find(), "no NaN leaks into the tables");
    }

    @Test
    void theHtmlLoadsNothingAndInlinesEveryChart(@TempDir Path dir) throws Exception {
        StudyReport.Output out = StudyReport.write(dir, StudyFixtures.full());
        String html = Files.readString(out.html());
        assertSelfContained(html);
        assertEquals(expectedCharts(), out.charts());
        assertEquals(expectedCharts(), count(html, "<svg"), "every chart is an inline <svg>");
        Document doc = parse(html);
        assertEquals(expectedCharts(), elements(doc, "svg").size());
        for (Element svg : elements(doc, "svg")) {
            assertEquals("figure", ((Element) svg.getParentNode()).getTagName());
            assertTrue(svg.getElementsByTagName("title").getLength() > 0, "every chart is titled");
        }
        Element methods = elements(doc, "svg").get(0);
        int bars = 0;
        for (int i = 0; i < methods.getElementsByTagName("rect").getLength(); i++) {
            bars += "bar".equals(((Element) methods.getElementsByTagName("rect").item(i)).getAttribute("class")) ? 1 : 0;
        }
        assertEquals(StudyFixtures.DOMAINS.size() * StudyFixtures.METHODS.size(), bars, "one bar per (domain, method)");
        assertFalse(Pattern.compile("\\bNaN\\b").matcher(html).find(), "no NaN leaks into the page");
    }

    @Test
    void claimsShowTheirVerdictVisibly(@TempDir Path dir) throws Exception {
        Document doc = parse(Files.readString(StudyReport.write(dir, StudyFixtures.full()).html()));
        List<String> verdicts = new ArrayList<>();
        for (Element tr : elements(doc, "tr")) {
            String cls = tr.getAttribute("class");
            if (!cls.isEmpty()) {
                String verdict = tr.getElementsByTagName("td").item(1).getTextContent();
                verdicts.add(cls + ":" + verdict);
            }
        }
        assertEquals(List.of("good:holds", "good:holds", "bad:does not hold", "neutral:not tested"), verdicts);
        assertTrue(elements(doc, "p").stream().anyMatch(p -> p.getTextContent()
                .equals("2 of 4 claims hold, 1 does not hold, 1 is not tested.")));
    }

    @Test
    void heatMapCellsCarryTheirNumbers(@TempDir Path dir) throws Exception {
        StudyResults r = StudyFixtures.full();
        Document doc = parse(Files.readString(StudyReport.write(dir, r).html()));
        List<String> shown = SvgTestSupport.withClass(doc, "text", "cell-value").stream()
                .map(Element::getTextContent).toList();
        List<String> expected = new ArrayList<>();
        int missing = 0;
        for (TransferMatrix t : r.transfer()) {
            for (int i = 0; i < t.trainDomains().size(); i++) {
                for (int j = 0; j < t.testDomains().size(); j++) {
                    if (Double.isNaN(t.value(i, j))) {
                        missing++;
                    } else {
                        expected.add(String.format(Locale.ROOT, "%.3f", t.value(i, j)));
                    }
                }
            }
        }
        assertEquals(expected, shown);
        assertEquals(1, missing);
        assertEquals(List.of("not run"), SvgTestSupport.withClass(doc, "text", "cell-missing").stream()
                .map(Element::getTextContent).toList());
        assertEquals(2 * 16, SvgTestSupport.withClass(doc, "rect", "cell").size());
    }

    @Test
    void emptySectionsSayNotRun(@TempDir Path dir) throws Exception {
        StudyReport.Output out = StudyReport.write(dir, StudyFixtures.empty());
        String html = Files.readString(out.html());
        assertSelfContained(html);
        assertEquals(0, out.charts());
        assertEquals(0, count(html, "<svg"));
        Document doc = parse(html);
        long notRun = elements(doc, "p").stream().filter(p -> p.getTextContent().startsWith("Not run")).count();
        assertEquals(7, notRun, "claims, methods, emotions, curves, transfer, personas, tournament");
        assertEquals(7, count(Files.readString(out.markdown()), "Not run"));
        assertEquals("domain,method,episodes,success_rate,success_ci_low,success_ci_high,expected_utility,"
                + "expected_utility_ci_low,expected_utility_ci_high,difference_vs_reference,difference_ci_low,"
                + "difference_ci_high,p_value_holm,reference\r\n", Files.readString(dir.resolve("tables/main.csv")),
                "an empty table still has its header");
    }

    @Test
    void aRerunRemovesTransferTablesOfAgentsNoLongerThere(@TempDir Path dir) {
        StudyResults r = StudyFixtures.full();
        StudyReport.write(dir, r);
        assertTrue(Files.exists(dir.resolve("tables/transfer-full-stack.csv")));
        StudyResults fewer = new StudyResults(r.title(), r.scale(), r.provenance(), r.generatedAt(), r.methods(),
                r.emotions(), r.curves(), r.transfer().subList(0, 1), r.personas(), r.standings(), r.claims());
        StudyReport.write(dir, fewer);
        assertTrue(Files.exists(dir.resolve("tables/transfer-selector.csv")));
        assertFalse(Files.exists(dir.resolve("tables/transfer-full-stack.csv")));
    }

    @Test
    void transferFileNamesAreSafeAndDistinct() {
        double[][] one = {{0.5}};
        List<TransferMatrix> ms = List.of(new TransferMatrix("IQL+SFT", List.of("d"), List.of("d"), one, one, one),
                new TransferMatrix("iql sft", List.of("d"), List.of("d"), one, one, one),
                new TransferMatrix("../..", List.of("d"), List.of("d"), one, one, one));
        assertEquals(List.of("transfer-iql-sft.csv", "transfer-iql-sft-2.csv", "transfer-agent.csv"),
                StudyReport.transferFileNames(ms));
    }

    /** No URL but the SVG namespace name, no script, link, stylesheet import, url() or embedded resource. */
    static void assertSelfContained(String html) {
        String lower = html.toLowerCase(Locale.ROOT);
        Matcher urls = Pattern.compile("https?://[^\"'\\s<>)]*").matcher(lower);
        while (urls.find()) {
            assertEquals("http://www.w3.org/2000/svg", urls.group(), "only the SVG namespace identifier");
        }
        for (String banned : List.of("<script", "<link", "url(", "@import", "<img", "<iframe", "<object", "<embed",
                " src=", " href=", "xlink:")) {
            assertFalse(lower.contains(banned), "the page contains " + banned);
        }
    }

    private static long lines(Path dir, String csv) throws Exception {
        String text = Files.readString(dir.resolve("tables").resolve(csv), StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\r\n"));
        return text.split("\r\n", -1).length - 1;
    }
}
