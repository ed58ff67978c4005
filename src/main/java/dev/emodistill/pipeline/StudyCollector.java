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
        List<StudyClaims.ProbeScores> probes = new ArrayList<>();
        ObjectNode prov = provenance.deepCopy();
        ObjectNode probeJson = prov.putObject("probes");
        curves.addAll(lmCurves("pretrain", run.outcome(StudyPlan.PRETRAIN).dir().resolve(StudyPlan.MODEL), ""));
        for (Domain d : domains) {
            methods.addAll(methodRows(d.id(), run.outcome(StudyPlan.evaluate(d)).result()));
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
        }
        List<TransferMatrix> transfer = List.of(transferMatrix(domains, run));
        ObjectNode keys = prov.putObject("stages");
        run.outcomes().forEach((name, o) -> keys.put(name, o.key()));
        List<Claim> claims = StudyClaims.evaluate(ids, methods, personas, probes);
        return new StudyResults("EmoDistill study, scale " + scale.name(), scale.name(), prov, generatedAt, methods,
                emotions, curves, transfer, personas, List.of(), claims);
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
            JsonNode a = agents.get(i);
            boolean isReference = i == 0;
            rows.add(new MethodRow(domain, order.get(i).label(), a.path("episodes").asInt(),
                    number(a.path("success_rate")), interval(a.path("success_rate_ci")),
                    number(a.path("expected_utility")), interval(a.path("expected_utility_ci")),
                    isReference ? Double.NaN : number(a.path("mean_difference_vs_first")),
                    isReference ? null : interval(a.path("difference_ci")),
                    isReference ? Double.NaN : number(a.path("p_value_vs_first")), isReference ? null : reference));
        }
        return rows;
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
