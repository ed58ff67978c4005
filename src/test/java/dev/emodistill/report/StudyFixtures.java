package dev.emodistill.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.eval.Stats;
import dev.emodistill.io.Json;
import dev.emodistill.report.StudyResults.Claim;
import dev.emodistill.report.StudyResults.Curve;
import dev.emodistill.report.StudyResults.EmotionEffect;
import dev.emodistill.report.StudyResults.MethodRow;
import dev.emodistill.report.StudyResults.PersonaTransfer;
import dev.emodistill.report.StudyResults.Point;
import dev.emodistill.report.StudyResults.Standing;
import dev.emodistill.report.StudyResults.TransferMatrix;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A synthetic but realistically shaped study: numbers are random, their shapes and ranges are those of a real run. */
final class StudyFixtures {
    static final List<String> DOMAINS = List.of("debt", "disaster", "student", "medical");
    static final List<String> METHODS = List.of("vanilla SLM", "random", "best fixed emotion", "IQL only",
            "emotion-free SFT", "IQL + SFT", "IQL + SFT + JPO", "rule-based");
    static final String REFERENCE = "vanilla SLM";
    static final List<String> CURVE_DOMAINS = List.of("debt", "disaster");
    static final int CURVE_POINTS = 200;
    static final List<String> AGENTS = List.of("selector", "full stack");
    /** Trained on student, tested on medical: not run for the full stack. */
    static final int MISSING_TRAIN = 2;
    static final int MISSING_TEST = 3;

    private StudyFixtures() {
    }

    /** Groups of training curves with their series, e.g. iql:debt with three losses. */
    static List<String> curveGroups() {
        List<String> groups = new ArrayList<>();
        for (String d : CURVE_DOMAINS) {
            groups.add("iql:" + d);
            groups.add("sft:" + d);
            groups.add("jpo:" + d);
        }
        return groups;
    }

    static StudyResults full() {
        SplittableRandom rng = new SplittableRandom(20240607);
        ObjectNode provenance = Json.object();
        provenance.put("command", "emodistill reproduce --scale small --out runs/small");
        provenance.put("code_version", "0.1.0-test");
        provenance.putArray("seeds").add(1).add(2).add(3);

        List<MethodRow> methods = new ArrayList<>();
        for (String d : DOMAINS) {
            double base = 0.35 + 0.1 * rng.nextDouble();
            for (int k = 0; k < METHODS.size(); k++) {
                String m = METHODS.get(k);
                double eu = base + 0.04 * k + 0.03 * rng.nextDouble();
                double sr = Math.min(1, eu + 0.2);
                boolean ref = m.equals(REFERENCE);
                double diff = eu - base;
                methods.add(new MethodRow(d, m, 240, sr, new Stats.Interval(sr - 0.06, Math.min(1, sr + 0.05)), eu,
                        new Stats.Interval(eu - 0.05, eu + 0.05), ref ? Double.NaN : diff,
                        ref ? null : new Stats.Interval(diff - 0.04, diff + 0.04),
                        ref ? Double.NaN : Math.min(1, 0.5 * Math.exp(-20 * diff)), ref ? null : REFERENCE));
            }
        }

        List<EmotionEffect> emotions = new ArrayList<>();
        for (String d : DOMAINS) {
            for (Emotion e : Emotion.GOEMOTIONS) {
                double eu = 0.3 + 0.3 * rng.nextDouble();
                emotions.add(new EmotionEffect(d, e.label(), eu, new Stats.Interval(eu - 0.06, eu + 0.06)));
            }
            emotions.add(new EmotionEffect(d, Emotion.NO_EMOTION.label(), 0.42,
                    new Stats.Interval(0.37, 0.47)));
        }

        List<Curve> curves = new ArrayList<>();
        for (String d : CURVE_DOMAINS) {
            curves.add(decaying("q_loss", "iql:" + d, 1.2, rng));
            curves.add(decaying("v_loss", "iql:" + d, 0.8, rng));
            curves.add(decaying("policy_loss", "iql:" + d, 3.3, rng));
            curves.add(decaying("sft_loss", "sft:" + d, 2.5, rng));
            curves.add(decaying("jpo_loss", "jpo:" + d, 0.7, rng));
            curves.add(rising("judge_score", "jpo:" + d, rng));
            curves.add(rising("kl", "jpo:" + d, rng));
        }

        List<TransferMatrix> transfer = new ArrayList<>();
        for (String agent : AGENTS) {
            int n = DOMAINS.size();
            double[][] eu = new double[n][n];
            double[][] lo = new double[n][n];
            double[][] hi = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    boolean missing = agent.equals("full stack") && i == MISSING_TRAIN && j == MISSING_TEST;
                    double v = (i == j ? 0.6 : 0.4) + 0.1 * rng.nextDouble();
                    eu[i][j] = missing ? Double.NaN : v;
                    lo[i][j] = missing ? Double.NaN : v - 0.05;
                    hi[i][j] = missing ? Double.NaN : v + 0.05;
                }
            }
            transfer.add(new TransferMatrix(agent, DOMAINS, DOMAINS, eu, lo, hi));
        }

        List<PersonaTransfer> personas = new ArrayList<>();
        for (String d : DOMAINS) {
            for (String p : List.of("stoic", "volatile", "empathic")) {
                double eu = 0.4 + 0.2 * rng.nextDouble();
                personas.add(new PersonaTransfer(d, p, "IQL + SFT + JPO", eu, new Stats.Interval(eu - 0.05, eu + 0.05),
                        0.02 + 0.06 * rng.nextDouble()));
            }
        }

        List<Standing> standings = new ArrayList<>();
        String[] agents = {"IQL + SFT + JPO", "IQL + SFT", "IQL only", "trained counterparty", "vanilla SLM",
                "untrained counterparty"};
        for (int i = 0; i < agents.length; i++) {
            int wins = 5 - i;
            int draws = i % 2;
            standings.add(new Standing(i + 1, agents[i], agents[i].contains("counterparty") ? "counterparty" : "focal",
                    wins * 3 + draws, wins, draws, 5 - wins, 0.6 - 0.05 * i));
        }

        List<Claim> claims = List.of(
                new Claim("The full stack has the highest expected utility in at least three of four domains", true,
                        "highest in debt, disaster, student and medical"),
                new Claim("Removing emotion conditioning lowers expected utility", true,
                        "emotion-free SFT below IQL + SFT in 4 of 4 domains"),
                new Claim("JPO improves on IQL + SFT in every domain", false,
                        "student: -0.012 [-0.041, 0.017], Holm p = 0.61"),
                new Claim("The vanilla large model is beaten by the full stack", null,
                        "no LLM backend configured"));

        return new StudyResults("EmoDistill study (test)", "small", provenance, Instant.parse("2025-01-02T03:04:05Z"),
                methods, emotions, curves, transfer, personas, standings, claims);
    }

    /** A study where nothing but the claims list ran: every other section must say "not run". */
    static StudyResults empty() {
        return new StudyResults("Empty study", "tiny", Json.object(), Instant.parse("2025-01-02T03:04:05Z"),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    private static Curve decaying(String name, String group, double start, SplittableRandom rng) {
        List<Point> points = new ArrayList<>(CURVE_POINTS);
        for (int i = 0; i < CURVE_POINTS; i++) {
            double v = start * Math.exp(-i / 60.0) + 0.05 + 0.03 * rng.nextDouble();
            points.add(new Point(10L * i, v));
        }
        return new Curve(name, group, points);
    }

    private static Curve rising(String name, String group, SplittableRandom rng) {
        List<Point> points = new ArrayList<>(CURVE_POINTS);
        for (int i = 0; i < CURVE_POINTS; i++) {
            double v = 0.8 * (1 - Math.exp(-i / 50.0)) + 0.02 * rng.nextDouble();
            points.add(new Point(10L * i, v));
        }
        return new Curve(name, group, points);
    }
}
