package dev.emodistill.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.Json;

import java.util.List;
import java.util.Locale;

/**
 * The sizes of one {@code reproduce} run. {@link #named(String)} gives the three presets; every field can be
 * overridden one by one (the expert options of {@code reproduce}), which is how tests run the whole study in
 * seconds.
 *
 * @param name              tiny, small or paper (the preset it started from)
 * @param scenarios         generated scenarios per domain (80 % train, 20 % held out)
 * @param sweepSeeds        sweep seeds per training scenario and persona
 * @param maxMessages       message limit per episode, the same in every sweep, evaluation and audit of the run
 * @param iqlHidden         IQL hidden width (two hidden layers)
 * @param iqlSteps          IQL gradient steps
 * @param iqlSeeds          IQL training seeds (pooled in the evaluation: seed index k plays checkpoint k mod n)
 * @param pretrainSteps     pocket base LM pre-training steps
 * @param pretrainDialogues grammar dialogues per domain for pre-training
 * @param sftSteps          LoRA SFT steps (emotion-conditioned and emotion-free alike)
 * @param jpoRounds         on-policy JPO rounds (each samples and judges 16 utterances, then takes 2 steps)
 * @param evalSeeds         evaluation seeds per held-out (scenario, persona)
 * @param bestSeeds         seeds of the short fixed-emotion sweep on training scenarios that picks fixed:best
 * @param probeTurns        held-out turns per expression probe
 * @param auditSeeds        seeds per scenario of the per-emotion audit
 */
public record StudyScale(String name, int scenarios, int sweepSeeds, int maxMessages, int iqlHidden, int iqlSteps,
                         int iqlSeeds, int pretrainSteps, int pretrainDialogues, int sftSteps, int jpoRounds,
                         int evalSeeds, int bestSeeds, int probeTurns, int auditSeeds) {
    public static final List<String> NAMES = List.of("tiny", "small", "paper");

    public StudyScale {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("scale must be one of " + NAMES + ", got '" + name + "'");
        }
        positive("scenarios", scenarios, 5);
        positive("sweep seeds", sweepSeeds, 1);
        positive("max messages", maxMessages, 2);
        positive("IQL hidden width", iqlHidden, 1);
        positive("IQL steps", iqlSteps, 1);
        positive("IQL seeds", iqlSeeds, 1);
        positive("pre-training steps", pretrainSteps, 1);
        positive("pre-training dialogues", pretrainDialogues, 1);
        positive("SFT steps", sftSteps, 1);
        positive("JPO rounds", jpoRounds, 1);
        positive("evaluation seeds", evalSeeds, 1);
        positive("fixed:best seeds", bestSeeds, 1);
        positive("probe turns", probeTurns, 1);
        positive("audit seeds", auditSeeds, 1);
    }

    private static void positive(String what, int v, int min) {
        if (v < min) {
            throw new IllegalArgumentException(what + " must be at least " + min + ", got " + v);
        }
    }

    /**
     * A preset. tiny is a smoke run of every stage that finishes in minutes on 2 cores (its numbers are noise);
     * small is the scale the paper's claims are checked at; paper follows the paper's sizes.
     */
    public static StudyScale named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "tiny" -> new StudyScale("tiny", 10, 8, 12, 128, 1000, 1, 100, 200, 20, 5, 1, 1, 24, 1);
            case "small" -> new StudyScale("small", 100, 20, 30, 256, 10_000, 3, 1500, 600, 1000, 100, 3, 2, 300, 3);
            case "paper" -> new StudyScale("paper", 100, 50, 30, 256, 20_000, 3, 3000, 600, 1500, 200, 12, 2, 300, 5);
            default -> throw new IllegalArgumentException("scale must be one of " + NAMES + ", got '" + name + "'");
        };
    }

    /** Held-out scenarios per domain (the 80/20 split rounds the training side). */
    public int testScenarios() {
        return scenarios - (int) Math.round(scenarios * 0.8);
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("scale", name);
        o.put("scenarios_per_domain", scenarios);
        o.put("sweep_seeds", sweepSeeds);
        o.put("max_messages", maxMessages);
        o.put("iql_hidden", iqlHidden);
        o.put("iql_layers", 2);
        o.put("iql_steps", iqlSteps);
        o.put("iql_seeds", iqlSeeds);
        o.put("iql_reward_scaling", "standardize");
        o.put("pretrain_steps", pretrainSteps);
        o.put("pretrain_dialogues", pretrainDialogues);
        o.put("sft_steps", sftSteps);
        o.put("jpo_rounds", jpoRounds);
        o.put("eval_seeds", evalSeeds);
        o.put("best_seeds", bestSeeds);
        o.put("probe_turns", probeTurns);
        o.put("audit_seeds", auditSeeds);
        return o;
    }
}
