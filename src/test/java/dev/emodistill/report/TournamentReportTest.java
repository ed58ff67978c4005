package dev.emodistill.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.eval.Stats;
import dev.emodistill.io.Json;
import dev.emodistill.report.StudyResults.Standing;
import dev.emodistill.report.StudyResults.TournamentMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.emodistill.report.SvgTestSupport.count;
import static dev.emodistill.report.SvgTestSupport.elements;
import static dev.emodistill.report.SvgTestSupport.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report's tournament section: standings per domain and role, and a focal × counterparty heat map. */
class TournamentReportTest {
    static final List<String> FOCAL = List.of("no-emotion", "random", "fixed:best=caring", "IQL selector");
    static final List<String> CPS = List.of("persona:vanilla", "persona:threat", "IQL counterparty selector");

    /** The fixture study plus a tournament on two domains, with one pair not played on the second. */
    static StudyResults withTournaments() {
        StudyResults base = StudyFixtures.full();
        List<Standing> standings = new ArrayList<>();
        List<TournamentMatrix> matrices = new ArrayList<>();
        for (String domain : List.of("debt", "medical")) {
            double[][] eu = new double[FOCAL.size()][CPS.size()];
            double[][] lo = new double[FOCAL.size()][CPS.size()];
            double[][] hi = new double[FOCAL.size()][CPS.size()];
            double[][] cp = new double[FOCAL.size()][CPS.size()];
            for (int i = 0; i < FOCAL.size(); i++) {
                for (int j = 0; j < CPS.size(); j++) {
                    boolean missing = domain.equals("medical") && i == 0 && j == 2;
                    double v = 0.3 + 0.02 * i - 0.03 * j;
                    eu[i][j] = missing ? Double.NaN : v;
                    lo[i][j] = missing ? Double.NaN : v - 0.04;
                    hi[i][j] = missing ? Double.NaN : v + 0.04;
                    cp[i][j] = missing ? Double.NaN : 0.9 - v;
                }
            }
            matrices.add(new TournamentMatrix(domain, FOCAL, CPS, eu, lo, hi, cp));
            for (int i = 0; i < FOCAL.size(); i++) {
                double m = 0.3 + 0.02 * (FOCAL.size() - 1 - i);
                standings.add(new Standing(domain, i + 1, FOCAL.get(FOCAL.size() - 1 - i), "focal", 0, 0, 0,
                        CPS.size(), m, new Stats.Interval(m - 0.03, m + 0.03)));
            }
            for (int j = 0; j < CPS.size(); j++) {
                double m = 0.6 - 0.03 * j;
                standings.add(new Standing(domain, j + 1, CPS.get(j), "counterparty", FOCAL.size(), FOCAL.size(), 0,
                        0, m, new Stats.Interval(m - 0.03, m + 0.03)));
            }
        }
        return new StudyResults(base.title(), base.scale(), base.provenance(), base.generatedAt(), base.methods(),
                base.emotions(), base.curves(), base.transfer(), base.personas(), standings, base.claims(), matrices);
    }

    @Test
    void theSectionHasAHeatMapPerDomainAndBothStandings(@TempDir Path dir) throws Exception {
        StudyResults r = withTournaments();
        StudyReport.Output out = StudyReport.write(dir, r);
        String html = Files.readString(out.html());
        StudyReportTest.assertSelfContained(html);
        assertEquals(StudyReportTest.expectedCharts() + 2, out.charts(), "one heat map per tournament");
        assertEquals(out.charts(), count(html, "<svg"));
        Document doc = parse(html);
        List<String> titles = new ArrayList<>();
        for (Element svg : elements(doc, "svg")) {
            titles.add(svg.getElementsByTagName("title").item(0).getTextContent());
        }
        assertTrue(titles.contains("Focal expected utility by match: debt"), titles.toString());
        assertTrue(titles.contains("Focal expected utility by match: medical"), titles.toString());
        for (String caption : List.of("Focal agents", "Counterparties")) {
            assertEquals(2, elements(doc, "caption").stream().filter(c -> c.getTextContent().equals(caption)).count(),
                    caption);
        }
        Element debt = elements(doc, "svg").stream().filter(svg -> svg.getElementsByTagName("title").item(0)
                .getTextContent().equals("Focal expected utility by match: debt")).findFirst().orElseThrow();
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < debt.getElementsByTagName("text").getLength(); i++) {
            Element t = (Element) debt.getElementsByTagName("text").item(i);
            if (t.getAttribute("class").equals("cell-value")) {
                cells.add(t.getTextContent());
            }
        }
        List<String> expected = new ArrayList<>();
        double[][] eu = r.tournaments().get(0).focalEu();
        for (double[] row : eu) {
            for (double v : row) {
                expected.add(String.format(Locale.ROOT, "%.3f", v));
            }
        }
        assertEquals(expected, cells, "every heat-map cell carries its number");
        assertFalse(html.contains("NaN"));

        String md = Files.readString(out.markdown());
        int section = md.indexOf("## Tournament standings");
        assertTrue(section > 0 && md.indexOf("### Tournament: debt") > section, md);
        assertTrue(md.indexOf("### Tournament: medical") > md.indexOf("### Tournament: debt"));
        assertTrue(md.contains("| 1 | IQL selector | 0.360 [0.330, 0.390] |"), "focal standings with their CI");
        assertTrue(md.contains("| no-emotion | 0.300 / 0.600 |"), "matches as focal / counterparty");
        assertTrue(md.contains("not run"), "the pair that was not played says so");

        List<String> standings = Files.readAllLines(dir.resolve("tables/tournament.csv"));
        assertEquals(1 + 2 * (FOCAL.size() + CPS.size()), standings.size());
        assertEquals("domain,role,rank,agent,mean_utility,ci_low,ci_high,wins,draws,losses,points", standings.get(0));
        List<String> matches = Files.readAllLines(dir.resolve("tables/" + StudyReport.TOURNAMENT_MATCHES));
        assertEquals(1 + 2 * FOCAL.size() * CPS.size(), matches.size());
        assertTrue(matches.contains("medical,no-emotion,IQL counterparty selector,,,,"), "a pair not played is empty");
        assertTrue(matches.contains(String.format(Locale.ROOT, "debt,random,persona:threat,%.4f,%.4f,%.4f,%.4f",
                0.29, 0.25, 0.33, 0.61)), matches.toString());
    }

    @Test
    void tournamentsRoundTripAndOlderResultsStillRead(@TempDir Path dir) throws Exception {
        StudyResults r = withTournaments();
        assertEquals(r, StudyResults.fromJson(Json.MAPPER.readTree(Json.pretty(r.toJson()))));

        ObjectNode old = r.toJson();
        old.remove("tournaments");
        for (var s : (ArrayNode) old.get("standings")) {
            ((ObjectNode) s).remove("domain");
            ((ObjectNode) s).remove("ci");
        }
        StudyResults read = StudyResults.fromJson(old);
        assertTrue(read.tournaments().isEmpty());
        assertEquals("", read.standings().get(0).domain());
        assertTrue(Double.isNaN(read.standings().get(0).ci().low()));

        StudyReport.write(dir, r);
        assertTrue(Files.exists(dir.resolve("tables/" + StudyReport.TOURNAMENT_MATCHES)));
        StudyReport.write(dir, StudyFixtures.full());
        assertFalse(Files.exists(dir.resolve("tables/" + StudyReport.TOURNAMENT_MATCHES)),
                "a rerun without tournaments leaves no stale match table");
    }

    @Test
    void aMatrixMustFitItsNamesAndDomainsAreUnique() {
        double[][] one = {{0.5}};
        assertThrows(IllegalArgumentException.class, () -> new TournamentMatrix("debt", List.of("a", "b"),
                List.of("c"), one, one, one, one));
        TournamentMatrix m = new TournamentMatrix("debt", List.of("a"), List.of("c"), one, one, one, one);
        StudyResults base = StudyFixtures.empty();
        assertThrows(IllegalArgumentException.class, () -> new StudyResults(base.title(), base.scale(),
                base.provenance(), base.generatedAt(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(m, m)));
    }
}
