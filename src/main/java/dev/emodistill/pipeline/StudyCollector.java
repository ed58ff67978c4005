package dev.emodistill.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.domain.Domain;
import dev.emodistill.eval.Stats;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.lm.Checkpoints;
import dev.emodistill.report.StudyResults;
import dev.emodistill.report.StudyResults.Claim;
import dev.emodistill.report.StudyResults.Curve;
import dev.emodistill.report.StudyResults.EmotionEffect;
import dev.emodistill.report.StudyResults.MethodRow;
import dev.emodistill.report.StudyResults.PersonaTransfer;
import dev.emodistill.report.StudyResults.Point;
import dev.emodistill.report.StudyResults.Standing;
import dev.emodistill.report.StudyResults.TournamentMatrix;
import dev.emodistill.report.StudyResults.TransferMatrix;
import dev.emodistill.rl.SelectorCheckpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Puts the study's {@link StudyResults} together from the stages' recorded results (evaluations, audits, transfer,
 * probes) and the training curves in the checkpoints and adapters they wrote. Reads only; nothing is re-run.
 */
public final class StudyCollector {
    private StudyCollector() {
    }

    /**
     * @param provenance what made the run (command, seed, scale); the stage keys and probe numbers are added
     */
    public static StudyResults collect(StudyScale scale, List<Domain> domains, Pipeline.Result run,
                                       ObjectNode provenance, Instant generatedAt) {
        List<String> ids = domains.stream().map(Domain::id).toList();
        List<MethodRow> methods = new ArrayList<>();
        List<PersonaTransfer> personas = new ArrayList<>();
        List<EmotionEffect> emotions = new ArrayList<>();
        List<Curve> curves = new ArrayList<>();
        List<Standing> standings = new ArrayList<>();
        List<TournamentMatrix> tournaments = new ArrayList<>();
        List<StudyClaims.ProbeScores> probes = new ArrayList<>();
        ObjectNode prov = provenance.deepCopy();
        ObjectNode probeJson = prov.putObject("probes");
        curves.addAll(lmCurves("pretrain", run.outcome(StudyPlan.PRETRAIN).dir().resolve(StudyPlan.MODEL), ""));
        for (Domain d : domains) {
            methods.addAll(methodRows(d.id(), run.outcome(StudyPlan.evaluate(d)).result()));
            if (run.outcomes().containsKey(StudyPlan.largeModel(d))) {
                methods.add(largeModelRow(d.id(), run.outcome(StudyPlan.largeModel(d)).result()));
            }
            personas.addAll(personaRows(d.id(), run.outcome(StudyPlan.personas(d)).result()));
            emotions.addAll(emotionRows(d.id(), run.outcome(StudyPlan.audit(d)).result()));
            JsonNode p = run.outcome(StudyPlan.probes(d)).result();
            probeJson.set(d.id(), p);
            probes.add(new StudyClaims.ProbeScores(d.id(), number(p.path("base").path("intended_emotion_top1")),
                    number(p.path("sft").path("intended_emotion_top1")),
                    number(p.path("jpo").path("intended_emotion_top1"))));
            for (int i = 1; i <= scale.iqlSeeds(); i++) {
                Path ckpt = run.outcome(StudyPlan.iql(d, i)).dir().resolve(StudyPlan.CHECKPOINT);
                curves.addAll(iqlCurves("iql:" + d.id(), ckpt, scale.iqlSeeds() == 1 ? "" : " (seed " + i + ")"));
            }
            curves.addAll(lmCurves("sft:" + d.id(), StudyPlan.adapter(run.outcome(StudyPlan.sft(d))), ""));
            curves.addAll(lmCurves("sft:" + d.id(), StudyPlan.adapter(run.outcome(StudyPlan.sftFree(d))),
                    " (emotion-free)"));
            curves.addAll(lmCurves("jpo:" + d.id(), StudyPlan.adapter(run.outcome(StudyPlan.jpo(d))), ""));
            for (int i = 1; i <= scale.iqlSeeds(); i++) {
                Path ckpt = run.outcome(StudyPlan.iqlCounterparty(d, i)).dir().resolve(StudyPlan.CHECKPOINT);
                curves.addAll(iqlCurves("iql-cp:" + d.id(), ckpt, scale.iqlSeeds() == 1 ? "" : " (seed " + i + ")"));
            }
            JsonNode t = run.outcome(StudyPlan.tournament(d)).result();
            standings.addAll(standingRows(d.id(), t));
            tournaments.add(tournamentMatrix(d.id(), t));
        }
        // The run's command may still say tournaments are not run; they are now, in the tournament section.
        prov.put("tournaments", "played per domain (stages tournament-DOMAIN, focal response "
                + StudyPlan.TOURNAMENT_FOCAL_RESPONSE + "); see the tournament section");
        List<TransferMatrix> transfer = List.of(transferMatrix(domains, run));
        ObjectNode keys = prov.putObject("stages");
        run.outcomes().forEach((name, o) -> keys.put(name, o.key()));
        List<Claim> claims = StudyClaims.evaluate(ids, methods, personas, probes);
        return new StudyResults("EmoDistill study, scale " + scale.name(), scale.name(), prov, generatedAt, methods,
                emotions, curves, transfer, personas, standings, claims, tournaments);
    }

    /**
     * A report label for a tournament entrant: trained selectors by what they are rather than by their checkpoint
     * paths (which the stage records); other names as the tournament wrote them.
     */
    static String entrantLabel(String name) {
        if (name.startsWith("iql:")) {
            return "IQL selector";
        }
        int colon = name.indexOf(':');
        if (colon > 0 && name.substring(0, colon).contains("-cp")) {
            String head = name.substring(0, colon);
            int at = head.indexOf('@');
            return "IQL counterparty selector" + (at < 0 ? "" : " (" + head.substring(at + 1) + "'s tactic)");
        }
        return name;
    }

    /** Labels for a tournament's entrants, by name; names kept where two labels would coincide. */
    private static Map<String, String> labels(JsonNode result) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String list : List.of("focal_standings", "counterparty_standings")) {
            for (JsonNode s : result.path(list)) {
                String name = s.path("agent").asText();
                out.put(name, entrantLabel(name));
            }
        }
        for (JsonNode m : result.path("matches")) {
            out.putIfAbsent(m.path("focal").asText(), entrantLabel(m.path("focal").asText()));
            out.putIfAbsent(m.path("counterparty").asText(), entrantLabel(m.path("counterparty").asText()));
        }
        if (new java.util.HashSet<>(out.values()).size() != out.size()) {
            out.replaceAll((name, label) -> name);
        }
        return out;
    }

    /** Both standings of one domain's tournament ({@code tournament --json}), focal agents first. */
    static List<Standing> standingRows(String domain, JsonNode result) {
        Map<String, String> labels = labels(result);
        List<Standing> rows = new ArrayList<>();
        for (String list : List.of("focal_standings", "counterparty_standings")) {
            for (JsonNode s : result.path(list)) {
                rows.add(new Standing(domain, s.path("rank").asInt(), labels.get(s.path("agent").asText()),
                        s.path("role").asText(), number(s.path("points")), s.path("wins").asInt(),
                        s.path("draws").asInt(), s.path("losses").asInt(), number(s.path("mean_utility")),
                        interval(s.path("mean_utility_ci"))));
            }
        }
        if (rows.isEmpty()) {
            throw new InputException("tournament of " + domain + ": no standings recorded");
        }
        return rows;
    }

    /** The focal × counterparty grid of one domain's tournament, in the order the tournament entered them. */
    static TournamentMatrix tournamentMatrix(String domain, JsonNode result) {
        List<String> focal = new ArrayList<>();
        List<String> counterparties = new ArrayList<>();
        for (JsonNode m : result.path("matches")) {
            String f = m.path("focal").asText();
            String c = m.path("counterparty").asText();
            if (!focal.contains(f)) {
                focal.add(f);
            }
            if (!counterparties.contains(c)) {
                counterparties.add(c);
            }
        }
        if (focal.isEmpty()) {
            throw new InputException("tournament of " + domain + ": no matches recorded");
        }
        double[][] eu = nan(focal.size(), counterparties.size());
        double[][] lo = nan(focal.size(), counterparties.size());
        double[][] hi = nan(focal.size(), counterparties.size());
        double[][] cp = nan(focal.size(), counterparties.size());
        for (JsonNode m : result.path("matches")) {
            int i = focal.indexOf(m.path("focal").asText());
            int j = counterparties.indexOf(m.path("counterparty").asText());
            eu[i][j] = number(m.path("focal_expected_utility"));
            Stats.Interval ci = interval(m.path("focal_expected_utility_ci"));
            lo[i][j] = ci.low();
            hi[i][j] = ci.high();
            cp[i][j] = number(m.path("counterparty_expected_utility"));
        }
        Map<String, String> labels = labels(result);
        return new TournamentMatrix(domain, focal.stream().map(labels::get).toList(),
                counterparties.stream().map(labels::get).toList(), eu, lo, hi, cp);
    }

    private static double[][] nan(int rows, int cols) {
        double[][] g = new double[rows][cols];
        for (double[] row : g) {
            java.util.Arrays.fill(row, Double.NaN);
        }
        return g;
    }

    /** The main-table rows of one domain, from {@code evaluate}'s summary; the first agent is the reference. */
    static List<MethodRow> methodRows(String domain, JsonNode summary) {
        List<StudyMethod> order = new ArrayList<>();
        summary.path("methods").forEach(m -> order.add(StudyMethod.valueOf(m.asText())));
        JsonNode agents = summary.path("agents");
        if (agents.size() != order.size()) {
            throw new InputException("evaluation of " + domain + ": " + agents.size() + " agents but "
                    + order.size() + " methods recorded");
        }
        String reference = order.get(0).label();
        List<MethodRow> rows = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            rows.add(row(domain, order.get(i).label(), agents.get(i), i == 0 ? null : reference));
        }
        return rows;
    }

    /** A main-table row from one agent of {@code evaluate}'s summary; {@code reference} null for the first agent. */
    private static MethodRow row(String domain, String label, JsonNode a, String reference) {
        boolean isReference = reference == null;
        return new MethodRow(domain, label, a.path("episodes").asInt(),
                number(a.path("success_rate")), interval(a.path("success_rate_ci")),
                number(a.path("expected_utility")), interval(a.path("expected_utility_ci")),
                isReference ? Double.NaN : number(a.path("mean_difference_vs_first")),
                isReference ? null : interval(a.path("difference_ci")),
                isReference ? Double.NaN : number(a.path("p_value_vs_first")), reference);
    }

    /**
     * The vanilla large model's row: the second agent of its own evaluation, compared with the full stack that
     * played the same episodes first (a single comparison, so no Holm step).
     */
    static MethodRow largeModelRow(String domain, JsonNode summary) {
        JsonNode agents = summary.path("agents");
        if (agents.size() != 2) {
            throw new InputException("large-model evaluation of " + domain + ": expected 2 agents (full stack, large "
                    + "model), found " + agents.size());
        }
        return row(domain, summary.path("label").asText(), agents.get(1), StudyMethod.FULL_STACK.label());
    }

    /** Per held-out persona: each method's expected utility and its margin over the vanilla SLM. */
    static List<PersonaTransfer> personaRows(String domain, JsonNode result) {
        List<StudyMethod> order = new ArrayList<>();
        result.path("methods").forEach(m -> order.add(StudyMethod.valueOf(m.asText())));
        int vanilla = order.indexOf(StudyMethod.VANILLA_SLM);
        List<PersonaTransfer> rows = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = result.path("personas").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode agents = e.getValue().path("agents");
            double vanillaEu = vanilla < 0 ? Double.NaN : number(agents.path(vanilla).path("expected_utility"));
            for (int i = 0; i < order.size() && i < agents.size(); i++) {
                double eu = number(agents.get(i).path("expected_utility"));
                rows.add(new PersonaTransfer(domain, e.getKey(), order.get(i).label(), eu,
                        interval(agents.get(i).path("expected_utility_ci")),
                        i == vanilla ? Double.NaN : eu - vanillaEu));
            }
        }
        return rows;
    }

    /** Every adversary of the audit (28 emotions, no-emotion, random) with its expected utility. */
    static List<EmotionEffect> emotionRows(String domain, JsonNode audit) {
        List<EmotionEffect> rows = new ArrayList<>();
        for (JsonNode a : audit.path("adversaries")) {
            rows.add(new EmotionEffect(domain, a.path("name").asText(), number(a.path("expected_utility")),
                    interval(a.path("expected_utility_ci"))));
        }
        return rows;
    }

    static TransferMatrix transferMatrix(List<Domain> domains, Pipeline.Result run) {
        int n = domains.size();
        double[][] eu = new double[n][n];
        double[][] lo = new double[n][n];
        double[][] hi = new double[n][n];
        for (int i = 0; i < n; i++) {
            JsonNode r = run.outcome(StudyPlan.transfer(domains.get(i))).result();
            for (int j = 0; j < n; j++) {
                JsonNode cell = TransferEvaluation.cell(r, domains.get(j).id());
                eu[i][j] = cell == null ? Double.NaN : number(cell.path("expected_utility"));
                Stats.Interval ci = cell == null ? interval(null) : interval(cell.path("expected_utility_ci"));
                lo[i][j] = ci.low();
                hi[i][j] = ci.high();
            }
        }
        List<String> ids = domains.stream().map(Domain::id).toList();
        return new TransferMatrix("IQL selector without domain features", ids, ids, eu, lo, hi);
    }

    /** Loss curves of an IQL checkpoint: every numeric field of the manifest's training curve but the step. */
    static List<Curve> iqlCurves(String group, Path checkpoint, String suffix) {
        JsonNode manifest = readJson(checkpoint.resolve(SelectorCheckpoint.MANIFEST));
        JsonNode points = manifest.path("training").path("curves");
        List<String> names = new ArrayList<>();
        if (points.size() > 0) {
            points.get(0).fieldNames().forEachRemaining(f -> {
                if (!f.equals("step")) {
                    names.add(f);
                }
            });
        }
        List<Curve> out = new ArrayList<>();
        for (String name : names) {
            List<Point> pts = new ArrayList<>();
            for (JsonNode p : points) {
                pts.add(new Point(p.path("step").asLong(), number(p.path(name))));
            }
            out.add(new Curve(name + suffix, group, pts));
        }
        return out;
    }

    /** The per-step curves an LM folder records in {@code emodistill.json} (loss, KL, ...), step 1 first. */
    static List<Curve> lmCurves(String group, Path folder, String suffix) {
        JsonNode info = readJson(folder.resolve(Checkpoints.INFO));
        List<Curve> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = info.path("curves").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<Point> pts = new ArrayList<>();
            int step = 1;
            for (JsonNode v : e.getValue()) {
                pts.add(new Point(step++, number(v)));
            }
            out.add(new Curve(e.getKey() + suffix, group, pts));
        }
        return out;
    }

    // --- JSON helpers: null or missing reads as NaN, a half-missing interval as none ---

    static double number(JsonNode n) {
        return n != null && n.isNumber() ? n.asDouble() : Double.NaN;
    }

    static Stats.Interval interval(JsonNode n) {
        if (n == null || !n.isArray() || n.size() != 2 || !n.get(0).isNumber() || !n.get(1).isNumber()) {
            return new Stats.Interval(Double.NaN, Double.NaN);
        }
        return new Stats.Interval(n.get(0).asDouble(), n.get(1).asDouble());
    }

    private static JsonNode readJson(Path file) {
        try {
            return Json.MAPPER.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }
}
