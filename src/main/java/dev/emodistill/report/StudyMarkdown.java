package dev.emodistill.report;

import dev.emodistill.io.Json;
import dev.emodistill.report.StudyResults.TransferMatrix;

/**
 * The study's {@code results.md}: the report's tables in GitHub Markdown, claims first, so the results read well in
 * a repository or a pull request. Charts are left to {@code report.html}; empty sections say "not run".
 */
final class StudyMarkdown {
    private StudyMarkdown() {
    }

    static String render(StudyResults r) {
        StringBuilder s = new StringBuilder(16_384);
        s.append("# ").append(r.title().isEmpty() ? "EmoDistill study" : oneLine(r.title())).append("\n\n");
        s.append("Scale: ").append(r.scale()).append(". Generated ").append(r.generatedAt())
                .append(". Intervals are 95 %; p-values are Holm-corrected. Charts: `report.html`.\n");

        section(s, "Claims");
        if (r.claims().isEmpty()) {
            s.append("Not run: no claims were checked.\n");
        } else {
            s.append(StudyTables.claimSummary(r)).append("\n\n").append(Tables.markdown(StudyTables.claims(r)));
        }

        section(s, "Method comparison");
        if (r.methods().isEmpty()) {
            s.append("Not run: no method was evaluated.\n");
        } else {
            s.append(Tables.markdown(StudyTables.overview(r)));
            for (String domain : r.methodDomains()) {
                s.append("\n### Domain: ").append(oneLine(domain)).append("\n\n")
                        .append(Tables.markdown(StudyTables.main(r, domain)));
            }
        }

        section(s, "Per-emotion effects");
        s.append(r.emotions().isEmpty() ? "Not run: no per-emotion study.\n" : Tables.markdown(StudyTables.emotions(r)));

        section(s, "Training curves");
        s.append(r.curves().isEmpty() ? "Not run: no training curves were recorded.\n"
                : Tables.markdown(StudyTables.curves(r)) + "\nEvery point: `tables/curves.csv`.\n");

        section(s, "Transfer across domains");
        if (r.transfer().isEmpty()) {
            s.append("Not run: no transfer matrix.\n");
        }
        for (TransferMatrix t : r.transfer()) {
            s.append("\n### ").append(oneLine(t.agent())).append("\n\n").append(Tables.markdown(StudyTables.transfer(t)));
        }

        section(s, "Held-out personas");
        s.append(r.personas().isEmpty() ? "Not run: no held-out persona evaluation.\n"
                : Tables.markdown(StudyTables.personas(r)));

        section(s, "Tournament standings");
        if (r.standings().isEmpty() && r.tournaments().isEmpty()) {
            s.append("Not run: no tournament was played.\n");
        } else if (r.tournaments().isEmpty()) {
            s.append(Tables.markdown(StudyTables.tournament(r)));
        } else {
            s.append("Focal utility u on a deal, counterparty utility 1 - u, both 0 without a deal; matches on the same "
                    + "held-out (scenario, seed) pairs. Heat maps: `report.html`; every match: "
                    + "`tables/tournament-matches.csv`.\n");
            for (String domain : r.tournamentDomains()) {
                s.append("\n### Tournament: ").append(oneLine(domain)).append("\n\n");
                r.tournaments().stream().filter(t -> t.domain().equals(domain)).findFirst().ifPresent(t ->
                        s.append("Matches (focal / counterparty expected utility):\n\n")
                                .append(Tables.markdown(StudyTables.tournamentMatches(t))).append('\n'));
                s.append("Focal agents:\n\n").append(Tables.markdown(StudyTables.tournament(r, domain, "focal")))
                        .append("\nCounterparties:\n\n")
                        .append(Tables.markdown(StudyTables.tournament(r, domain, "counterparty")));
            }
        }

        section(s, "Provenance");
        String json = Json.pretty(r.provenance());
        String fence = "`".repeat(Math.max(3, longestBacktickRun(json) + 1));
        s.append(fence).append("json\n").append(json).append('\n').append(fence).append('\n');
        return s.toString();
    }

    private static void section(StringBuilder s, String title) {
        s.append("\n## ").append(title).append("\n\n");
    }

    /** A code fence must be longer than any run of backticks inside it, or the block would end early. */
    private static int longestBacktickRun(String text) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    /** A heading is one line; Markdown would end it at a line break. */
    private static String oneLine(String text) {
        return text.replace('\r', ' ').replace('\n', ' ');
    }
}
