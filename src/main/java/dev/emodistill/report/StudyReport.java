package dev.emodistill.report;

import dev.emodistill.io.AtomicFiles;
import dev.emodistill.io.Json;
import dev.emodistill.report.StudyResults.TransferMatrix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes the study report into a folder, each file atomically:
 * <ul>
 *   <li>{@code report.html}: one self-contained page with the charts (see {@link StudyPage});</li>
 *   <li>{@code results.md}: the same tables in Markdown, claims first;</li>
 *   <li>{@code results.json}: {@link StudyResults#toJson()};</li>
 *   <li>{@code tables/}: one CSV per table ({@code claims.csv}, {@code main.csv}, {@code emotions.csv},
 *       {@code curves.csv}, {@code transfer-<agent>.csv} per agent, {@code personas.csv}, {@code tournament.csv} (the
 *       standings) and, when tournaments were played, {@code tournament-matches.csv} (every match).</li>
 * </ul>
 * {@code report.html} is written last, so its presence means the rest is complete.
 */
public final class StudyReport {
    public static final String HTML = "report.html";
    public static final String MARKDOWN = "results.md";
    public static final String JSON = "results.json";
    public static final String TABLES = "tables";
    /** Every tournament match, written only when tournaments were played. */
    public static final String TOURNAMENT_MATCHES = "tournament-matches.csv";

    private StudyReport() {
    }

    /**
     * What was written.
     *
     * @param charts the number of inline SVG charts in {@code report.html}
     */
    public record Output(Path html, Path markdown, Path json, List<Path> tables, int charts) {
        public Output {
            tables = List.copyOf(tables);
        }
    }

    public static Output write(Path dir, StudyResults r) {
        Path tablesDir = dir.resolve(TABLES);
        Map<String, Table> csv = new LinkedHashMap<>();
        csv.put("claims.csv", StudyTables.claimsData(r));
        csv.put("main.csv", StudyTables.mainData(r));
        csv.put("emotions.csv", StudyTables.emotionsData(r));
        csv.put("curves.csv", StudyTables.curvesData(r));
        List<String> transferNames = transferFileNames(r.transfer());
        for (int i = 0; i < r.transfer().size(); i++) {
            csv.put(transferNames.get(i), StudyTables.transferData(r.transfer().get(i)));
        }
        csv.put("personas.csv", StudyTables.personasData(r));
        csv.put("tournament.csv", StudyTables.tournamentData(r));
        if (!r.tournaments().isEmpty()) {
            csv.put(TOURNAMENT_MATCHES, StudyTables.tournamentMatchesData(r));
        }

        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, Table> e : csv.entrySet()) {
            Path file = tablesDir.resolve(e.getKey());
            AtomicFiles.writeString(file, Tables.csv(e.getValue()));
            written.add(file);
        }
        removeStaleTransferTables(tablesDir, new HashSet<>(transferNames));
        if (r.tournaments().isEmpty()) {
            try {
                Files.deleteIfExists(tablesDir.resolve(TOURNAMENT_MATCHES));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot tidy " + tablesDir + ": " + e.getMessage(), e);
            }
        }

        Path json = dir.resolve(JSON);
        AtomicFiles.writeString(json, Json.pretty(r.toJson()) + "\n");
        Path markdown = dir.resolve(MARKDOWN);
        AtomicFiles.writeString(markdown, StudyMarkdown.render(r));
        List<String> shown = csv.keySet().stream().map(name -> TABLES + "/" + name).toList();
        StudyPage.Rendered page = StudyPage.render(r, shown);
        Path html = dir.resolve(HTML);
        AtomicFiles.writeString(html, page.html());
        return new Output(html, markdown, json, written, page.charts());
    }

    /**
     * {@code transfer-<agent>.csv} per matrix, the agent's name reduced to lower-case letters, digits, dots and
     * hyphens; names that reduce to the same file get {@code -2}, {@code -3}, … in order.
     */
    public static List<String> transferFileNames(List<TransferMatrix> matrices) {
        List<String> out = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (TransferMatrix t : matrices) {
            String slug = t.agent().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-")
                    .replaceAll("^[-.]+|[-.]+$", "");
            if (slug.isEmpty()) {
                slug = "agent";
            }
            String name = "transfer-" + slug + ".csv";
            for (int n = 2; !used.add(name); n++) {
                name = "transfer-" + slug + "-" + n + ".csv";
            }
            out.add(name);
        }
        return out;
    }

    /** A rerun into the same folder must not leave an old agent's matrix beside the new ones. */
    private static void removeStaleTransferTables(Path tablesDir, Set<String> current) {
        try (DirectoryStream<Path> old = Files.newDirectoryStream(tablesDir, "transfer-*.csv")) {
            for (Path p : old) {
                if (!current.contains(p.getFileName().toString())) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tidy " + tablesDir + ": " + e.getMessage(), e);
        }
    }
}
