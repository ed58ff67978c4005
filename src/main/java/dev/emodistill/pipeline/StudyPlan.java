package dev.emodistill.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.corpus.CorpusDir;
import dev.emodistill.domain.Domain;
import dev.emodistill.io.Json;
import dev.emodistill.lm.train.JpoOnPolicy;
import dev.emodistill.sim.Persona;
import dev.emodistill.sim.Personas;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stages of the whole study (DESIGN §10), per domain: sweep (random emotions, training personas) → judge → IQL
 * selectors (one per training seed) → SFT, emotion-free SFT and JPO on the shared pocket base → a sweep of the
 * held-out scenarios and expression probes on it → evaluation of every {@link StudyMethod} on held-out scenarios →
 * held-out personas → the per-emotion audit against {@code sim:vanilla} → transfer of a selector trained without
 * domain features to every domain's held-out scenarios → the trained-vs-trained tournament: a counterparty-role sweep
 * (the training personas' tactics with random emotions, against a focal agent with {@link #TOURNAMENT_FOCAL_RESPONSE}'s
 * response profile) exported as counterparty transitions → counterparty IQL selectors (one per training seed, the
 * scale's IQL settings) → a round-robin of no-emotion, random, fixed:best and the focal IQL selectors against the
 * untrained training personas and the counterparty selectors. The counterparty IQL trains on the default reward, which
 * has no judge term, so the counterparty corpus needs no judge stage.
 *
 * <p>Each stage runs an ordinary emodistill command (through {@link Commands}) into its own folder, so what a stage
 * did can be repeated by hand from its {@code stage.json}. Stages may run side by side, within two limits of the
 * engine and the tools: training stages ({@code lm pretrain}, {@code train selector}, {@code lm sft}, {@code lm jpo})
 * hold {@link #TRAINING_LOCK}, because DJL allows one gradient collector per process and selectors, SFT and JPO seed
 * and draw from the engine's process-wide random generator (so a side-by-side run would change their results);
 * evaluations that load language-model agents hold {@link #LM_AGENTS_LOCK}, since {@code evaluate} keeps its loaded
 * models in one process-wide table and closes them all when it ends. Both guard state of one process: where each
 * stage's command runs in a process of its own, {@link #inSeparateProcesses} drops them and training stages run side
 * by side.
 */
public final class StudyPlan {
    public static final String TRAINING_LOCK = "engine-training";
    public static final String LM_AGENTS_LOCK = "lm-agent-models";
    public static final String PRETRAIN = "pretrain";
    /** Subfolders of the stage folders. */
    public static final String CORPUS = "corpus";
    public static final String CHECKPOINT = "checkpoint";
    /** The pocket base model's folder in the pre-training stage's folder. */
    public static final String MODEL = "pocket-base";
    public static final String EVALUATION = "evaluation";
    public static final String AUDIT = "audit";
    /** The persona the per-emotion audit plays against. */
    public static final String AUDIT_TARGET = "sim:vanilla";
    /** The counterparty-role transitions file in the counterparty sweep stage's folder. */
    public static final String TRANSITIONS = "transitions.jsonl";
    public static final String TOURNAMENT = "tournament";
    /**
     * Whose response profile the focal agent has in the counterparty sweep and the tournament: the ordinary
     * counterpart's (sympathetic to distress, mildly yielding to early anger), so the counterparty's emotions matter.
     */
    public static final String TOURNAMENT_FOCAL_RESPONSE = "vanilla";

    /** Runs an emodistill command in-process (its arguments end with --json) and returns the JSON it printed. */
    @FunctionalInterface
    public interface Commands {
        JsonNode json(PrintWriter log, List<String> args);
    }

    /**
     * The chat model behind an OpenAI-compatible endpoint that plays the vanilla large-model baseline (DESIGN §10:
     * "plus the vanilla large-model baseline when an LLM backend is configured"): the model words every message
     * with no emotion, the bidding tactic decides the numbers, as for every other method.
     *
     * @param model   the served model name
     * @param baseUrl the endpoint up to /v1, or null for the default
     * @param keyEnv  the environment variable holding the API key (its name only; the key is never recorded), or
     *                null for the default
     */
    public record LargeModel(String model, String baseUrl, String keyEnv) {
        public LargeModel {
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("the large model needs a model name");
            }
        }

        /** The report's label of the method. */
        public String label() {
            return "vanilla large model (" + model + ")";
        }

        List<Object> args() {
            List<Object> a = new ArrayList<>(List.of("--expresser", "llm", "--llm-model", model));
            if (baseUrl != null) {
                a.addAll(List.of("--llm-base-url", baseUrl));
            }
            if (keyEnv != null) {
                a.addAll(List.of("--llm-api-key-env", keyEnv));
            }
            return a;
        }
    }

    private final StudyScale scale;
    private final List<Domain> domains;
    private final long seed;
    private final Commands commands;
    private final int workers;
    private final LargeModel largeModel;

    private StudyPlan(StudyScale scale, List<Domain> domains, long seed, Commands commands, int workers,
                      LargeModel largeModel) {
        this.scale = scale;
        this.domains = List.copyOf(domains);
        this.seed = seed;
        this.commands = commands;
        this.workers = workers;
        this.largeModel = largeModel;
    }

    /**
     * The study's stages in scheduling order (see {@link #build()}).
     *
     * @param workers worker threads for the in-process transfer evaluation
     */
    public static List<Stage> stages(StudyScale scale, List<Domain> domains, long seed, Commands commands,
                                     int workers) {
        return stages(scale, domains, seed, commands, workers, null);
    }

    /** The study's stages, with the vanilla large-model baseline per domain when {@code largeModel} is not null. */
    public static List<Stage> stages(StudyScale scale, List<Domain> domains, long seed, Commands commands,
                                     int workers, LargeModel largeModel) {
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("no domain");
        }
        if (Set.copyOf(domains).size() != domains.size()) {
            throw new IllegalArgumentException("a domain is listed twice: " + domains);
        }
        return new StudyPlan(scale, domains, seed, commands, workers, largeModel).build();
    }

    // --- stage names ---

    public static String sweep(Domain d) {
        return "sweep-" + d.id();
    }

    public static String judge(Domain d) {
        return "judge-" + d.id();
    }

    public static String iql(Domain d, int seedIndex) {
        return "iql-" + d.id() + "-seed" + seedIndex;
    }

    public static String iqlNoDomain(Domain d) {
        return "iql-nodomain-" + d.id();
    }

    public static String sft(Domain d) {
        return "sft-" + d.id();
    }

    public static String sftFree(Domain d) {
        return "sft-emotion-free-" + d.id();
    }

    public static String jpo(Domain d) {
        return "jpo-" + d.id();
    }

    public static String testSweep(Domain d) {
        return "sweep-heldout-" + d.id();
    }

    public static String probes(Domain d) {
        return "probes-" + d.id();
    }

    public static String evaluate(Domain d) {
        return "evaluate-" + d.id();
    }

    public static String personas(Domain d) {
        return "personas-" + d.id();
    }

    public static String audit(Domain d) {
        return "audit-" + d.id();
    }

    public static String transfer(Domain d) {
        return "transfer-" + d.id();
    }

    public static String sweepCounterparty(Domain d) {
        return "sweep-cp-" + d.id();
    }

    public static String iqlCounterparty(Domain d, int seedIndex) {
        return "iql-cp-" + d.id() + "-seed" + seedIndex;
    }

    public static String tournament(Domain d) {
        return "tournament-" + d.id();
    }

    public static String largeModel(Domain d) {
        return "vanilla-llm-" + d.id();
    }

    /**
     * The stages for a runner that gives every stage's command a process of its own: without {@link #TRAINING_LOCK}
     * and {@link #LM_AGENTS_LOCK}, which guard state shared within one process (the gradient collector, the seeded
     * engine random generator, the loaded-model table). Keys do not change, so stages cached by either runner are
     * reused by the other.
     */
    public static List<Stage> inSeparateProcesses(List<Stage> stages) {
        List<Stage> out = new ArrayList<>(stages.size());
        for (Stage s : stages) {
            Set<String> locks = new HashSet<>(s.locks());
            locks.remove(TRAINING_LOCK);
            locks.remove(LM_AGENTS_LOCK);
            out.add(new Stage(s.name(), s.config(), s.inputs(), locks, s.estimateSeconds(), s.body()));
        }
        return out;
    }

    /**
     * Scheduling order: a stage that can start is started in list order, so the list puts first what the longest
     * chain waits for. Training stages run one at a time (they share {@link #TRAINING_LOCK}), so the order of that
     * chain is: pre-training, then per domain its selectors, its counterparty selectors, SFT, emotion-free SFT and
     * JPO, so that the first domain's evaluations and tournament can start early and overlap the next domain's
     * training; the transfer selectors last.
     */
    private List<Stage> build() {
        List<Stage> out = new ArrayList<>();
        out.add(pretrainStage());
        for (Domain d : domains) {
            out.add(sweepStage(d));
            out.add(judgeStage(d));
            out.add(testSweepStage(d));
            out.add(auditStage(d));
            out.add(counterpartySweepStage(d));
        }
        for (Domain d : domains) {
            for (int i = 1; i <= scale.iqlSeeds(); i++) {
                out.add(iqlStage(d, i, true));
            }
            for (int i = 1; i <= scale.iqlSeeds(); i++) {
                out.add(counterpartyIqlStage(d, i));
            }
            out.add(sftStage(d, true));
            out.add(sftStage(d, false));
            out.add(jpoStage(d));
        }
        for (Domain d : domains) {
            out.add(tournamentStage(d));
            out.add(evaluateStage(d));
            if (largeModel != null) {
                out.add(largeModelStage(d));
            }
            out.add(personasStage(d));
            out.add(probesStage(d));
        }
        for (Domain d : domains) {
            out.add(iqlStage(d, 1, false));
        }
        for (Domain d : domains) {
            out.add(transferStage(d));
        }
        return out;
    }

    // --- the stages ---

    private Stage pretrainStage() {
        ObjectNode c = Json.object();
        c.put("preset", "pocket");
        c.put("steps", scale.pretrainSteps());
        c.put("dialogues", scale.pretrainDialogues());
        c.put("seed", seed);
        double estimate = 5 + scale.pretrainSteps() * 0.55 + scale.pretrainDialogues() * 0.01;
        return new Stage(PRETRAIN, c, List.of(), Set.of(TRAINING_LOCK), estimate, ctx -> run(ctx, "lm", "pretrain",
                "--preset", "pocket", "--out", ctx.dir().resolve(MODEL), "--steps", scale.pretrainSteps(),
                "--dialogues", scale.pretrainDialogues(), "--seed", seed));
    }

    private ObjectNode domainConfig(Domain d) {
        ObjectNode c = Json.object();
        c.put("domain", d.id());
        c.put("scenarios", scale.scenarios());
        c.put("scenario_seed", seed);
        c.put("max_messages", scale.maxMessages());
        return c;
    }

    private Stage sweepStage(Domain d) {
        ObjectNode c = domainConfig(d);
        c.put("split", "train");
        c.put("policy", "random");
        c.put("personas", "training");
        c.put("seeds", scale.sweepSeeds());
        double episodes = trainScenarios() * 4.0 * scale.sweepSeeds();
        return Stage.of(sweep(d), c, List.of(), 1 + episodes / 50, ctx -> run(ctx, "sweep", "--domain", d.id(),
                "--generate", scale.scenarios(), "--split", "train", "--policy", "random", "--personas", "training",
                "--seeds", scale.sweepSeeds(), "--seed", seed, "--max-messages", scale.maxMessages(),
                "--out", ctx.dir().resolve(CORPUS)));
    }

    /**
     * The judge writes into its corpus folder; it judges a copy of the sweep's corpus (episodes hard-linked where
     * the file system allows) so the sweep stage's folder stays exactly as the sweep left it.
     */
    private Stage judgeStage(Domain d) {
        ObjectNode c = Json.object();
        c.put("judge", "embedded");
        double episodes = trainScenarios() * 4.0 * scale.sweepSeeds();
        return Stage.of(judge(d), c, List.of(sweep(d)), 1 + episodes / 50, ctx -> {
            copyCorpus(ctx.inputDir(sweep(d)).resolve(CORPUS), ctx.dir().resolve(CORPUS));
            return run(ctx, "judge", "--corpus", ctx.dir().resolve(CORPUS));
        });
    }

    private Stage iqlStage(Domain d, int seedIndex, boolean domainFeatures) {
        ObjectNode c = Json.object();
        c.put("algorithm", "iql");
        c.put("hidden", scale.iqlHidden());
        c.put("layers", 2);
        c.put("steps", scale.iqlSteps());
        c.put("seed", trainingSeed(seedIndex));
        c.put("reward_scaling", "standardize");
        c.put("domain_features", domainFeatures ? "on" : "off");
        String name = domainFeatures ? iql(d, seedIndex) : iqlNoDomain(d);
        double width = scale.iqlHidden() / 128.0;
        double estimate = 2 + scale.iqlSteps() / 150.0 * Math.max(1, width * width);
        return new Stage(name, c, List.of(sweep(d)), Set.of(TRAINING_LOCK), estimate, ctx -> run(ctx, "train", "selector",
                "--corpus", ctx.inputDir(sweep(d)).resolve(CORPUS), "--out", ctx.dir().resolve(CHECKPOINT),
                "--algorithm", "iql", "--steps", scale.iqlSteps(), "--hidden", scale.iqlHidden(), "--layers", 2,
                "--seed", trainingSeed(seedIndex), "--reward-scaling", "standardize", "--domain-features",
                domainFeatures ? "on" : "off"));
    }

    private long trainingSeed(int seedIndex) {
        return seed + seedIndex - 1;
    }

    private Stage sftStage(Domain d, boolean emotion) {
        ObjectNode c = Json.object();
        c.put("steps", scale.sftSteps());
        c.put("seed", seed);
        c.put("rank", "critic");
        c.put("emotion_conditioned", emotion);
        List<String> inputs = List.of(PRETRAIN, judge(d), iql(d, 1));
        String name = emotion ? sft(d) : sftFree(d);
        return new Stage(name, c, inputs, Set.of(TRAINING_LOCK), 5 + scale.sftSteps() * 0.6,
                ctx -> {
                    List<Object> args = new ArrayList<>(List.of("lm", "sft", "--base",
                            ctx.inputDir(PRETRAIN).resolve(MODEL), "--corpus", ctx.inputDir(judge(d)).resolve(CORPUS),
                            "--selector", ctx.inputDir(iql(d, 1)).resolve(CHECKPOINT), "--rank", "critic",
                            "--steps", scale.sftSteps(), "--seed", seed, "--out", ctx.dir().resolve(name)));
                    if (!emotion) {
                        args.add("--no-emotion");
                    }
                    return run(ctx, args.toArray());
                });
    }

    private Stage jpoStage(Domain d) {
        // On-policy: offline JPO re-weights the logged template text and did not raise the judge score of the
        // model's own words over SFT (debt +0.06, disaster -0.19, CIs around 0); sampling from the adapter and
        // judging its words did (docs/lm.md).
        ObjectNode c = Json.object();
        c.put("rounds", scale.jpoRounds());
        c.put("seed", seed);
        c.put("mode", "on-policy");
        c.put("group", "scenario");
        c.put("groups_per_round", JpoOnPolicy.Config.defaults(seed).groups());
        return new Stage(jpo(d), c, List.of(sft(d), judge(d)), Set.of(TRAINING_LOCK), 5 + scale.jpoRounds() * 3.0,
                ctx -> run(ctx, "lm", "jpo", "--on-policy", "--group", "scenario", "--sft", adapter(ctx.input(sft(d))),
                        "--corpus", ctx.inputDir(judge(d)).resolve(CORPUS), "--iterations", scale.jpoRounds(),
                        "--seed", seed, "--out", ctx.dir().resolve(jpo(d))));
    }

    private Stage testSweepStage(Domain d) {
        ObjectNode c = domainConfig(d);
        c.put("split", "test");
        c.put("policy", "random");
        c.put("personas", "training");
        c.put("seeds", 1);
        return Stage.of(testSweep(d), c, List.of(), 1 + scale.testScenarios() * 4 / 50.0, ctx -> run(ctx, "sweep",
                "--domain", d.id(), "--generate", scale.scenarios(), "--split", "test", "--policy", "random",
                "--personas", "training", "--seeds", 1, "--seed", seed, "--max-messages", scale.maxMessages(),
                "--out", ctx.dir().resolve(CORPUS)));
    }

    /** Base model with the emotion in its prompt, the SFT adapter and the JPO adapter, on held-out situations. */
    private Stage probesStage(Domain d) {
        ObjectNode c = Json.object();
        c.put("turns", scale.probeTurns());
        c.put("seed", seed);
        List<String> inputs = List.of(testSweep(d), PRETRAIN, sft(d), jpo(d));
        double estimate = 3 * (3 + scale.probeTurns() / 10.0);
        return Stage.of(probes(d), c, inputs, estimate, ctx -> {
            Path corpus = ctx.inputDir(testSweep(d)).resolve(CORPUS);
            Path base = ctx.inputDir(PRETRAIN).resolve(MODEL);
            ObjectNode o = Json.object();
            o.set("base", run(ctx, "lm", "probe", "--model", base, "--corpus", corpus, "--turns", scale.probeTurns(),
                    "--seed", seed));
            o.set("sft", run(ctx, "lm", "probe", "--model", base, "--adapter", adapter(ctx.input(sft(d))),
                    "--corpus", corpus, "--turns", scale.probeTurns(), "--seed", seed));
            o.set("jpo", run(ctx, "lm", "probe", "--model", base, "--adapter", adapter(ctx.input(jpo(d))),
                    "--corpus", corpus, "--turns", scale.probeTurns(), "--seed", seed));
            return o;
        });
    }

    private List<String> modelInputs(Domain d) {
        List<String> in = new ArrayList<>();
        for (int i = 1; i <= scale.iqlSeeds(); i++) {
            in.add(iql(d, i));
        }
        in.addAll(List.of(PRETRAIN, sft(d), sftFree(d), jpo(d)));
        return in;
    }

    private StudyMethod.Artefacts artefacts(StageContext ctx, Domain d) {
        List<Path> selectors = new ArrayList<>();
        for (int i = 1; i <= scale.iqlSeeds(); i++) {
            selectors.add(ctx.inputDir(iql(d, i)).resolve(CHECKPOINT));
        }
        return new StudyMethod.Artefacts(selectors, ctx.inputDir(PRETRAIN).resolve(MODEL),
                adapter(ctx.input(sft(d))), adapter(ctx.input(sftFree(d))),
                adapter(ctx.input(jpo(d))));
    }

    private double lmEpisodeSeconds() {
        return 1.0 * scale.maxMessages() / 30.0;
    }

    private Stage evaluateStage(Domain d) {
        ObjectNode c = Json.object();
        c.put("scenarios", "test");
        c.put("personas", "training");
        c.put("seeds", scale.evalSeeds());
        c.put("best_seeds", scale.bestSeeds());
        c.put("seed", seed);
        c.put("max_messages", scale.maxMessages());
        c.set("methods", Json.MAPPER.valueToTree(List.of(StudyMethod.values()).stream().map(Enum::name).toList()));
        double episodes = scale.testScenarios() * 4.0 * scale.evalSeeds();
        double estimate = 2 + episodes * 5 * lmEpisodeSeconds() + episodes * 4 / 100
                + 28.0 * trainScenarios() * 4 * scale.bestSeeds() / 60;
        return new Stage(evaluate(d), c, modelInputs(d), Set.of(LM_AGENTS_LOCK), estimate, ctx -> {
            StudyMethod.Artefacts a = artefacts(ctx, d);
            List<String> specs = new ArrayList<>();
            for (StudyMethod m : StudyMethod.values()) {
                specs.add(m.spec(a));
            }
            ObjectNode r = (ObjectNode) run(ctx, "evaluate", "--domain", d.id(), "--agents", String.join(",", specs),
                    "--scenarios", "test", "--personas", "training", "--seeds", scale.evalSeeds(), "--best-seeds",
                    scale.bestSeeds(), "--seed", seed, "--max-messages", scale.maxMessages(),
                    "--out", ctx.dir().resolve(EVALUATION));
            r.set("methods", c.get("methods"));
            return r;
        });
    }

    /**
     * The vanilla large model beside the full stack on the main table's episodes: one evaluation of the two, so
     * the comparison is paired on identical (scenario, persona, seed) triples. The full stack keeps its own
     * pocket-LM words; {@code --expresser llm} gives the chat model's words to the emotion-free agent only.
     */
    private Stage largeModelStage(Domain d) {
        ObjectNode c = Json.object();
        c.put("scenarios", "test");
        c.put("personas", "training");
        c.put("seeds", scale.evalSeeds());
        c.put("seed", seed);
        c.put("max_messages", scale.maxMessages());
        c.put("llm_model", largeModel.model());
        c.put("llm_base_url", largeModel.baseUrl() == null ? "default" : largeModel.baseUrl());
        c.put("llm_api_key_env", largeModel.keyEnv() == null ? "default" : largeModel.keyEnv());
        double episodes = scale.testScenarios() * 4.0 * scale.evalSeeds();
        return new Stage(largeModel(d), c, modelInputs(d), Set.of(LM_AGENTS_LOCK), 2 + episodes * 3 * lmEpisodeSeconds(),
                ctx -> {
                    StudyMethod.Artefacts a = artefacts(ctx, d);
                    List<Object> args = new ArrayList<>(List.of("evaluate", "--domain", d.id(), "--agents",
                            StudyMethod.FULL_STACK.spec(a) + "," + StudyMethod.NO_EMOTION.spec(a), "--scenarios",
                            "test", "--personas", "training", "--seeds", scale.evalSeeds(), "--seed", seed,
                            "--max-messages", scale.maxMessages(), "--out", ctx.dir().resolve(EVALUATION)));
                    args.addAll(largeModel.args());
                    ObjectNode r = (ObjectNode) run(ctx, args.toArray());
                    r.put("label", largeModel.label());
                    return r;
                });
    }

    /**
     * The persona-transfer methods against the held-out personas in one evaluation (fuller language-model batches
     * than one run per persona), split per persona afterwards by {@link PersonaBreakdown}.
     */
    private Stage personasStage(Domain d) {
        List<String> personaNames = Personas.heldOut().stream().map(Persona::name).toList();
        ObjectNode c = Json.object();
        c.set("personas", Json.MAPPER.valueToTree(personaNames));
        c.put("seeds", scale.evalSeeds());
        c.put("seed", seed);
        c.put("max_messages", scale.maxMessages());
        c.set("methods", Json.MAPPER.valueToTree(StudyMethod.PERSONA_METHODS.stream().map(Enum::name).toList()));
        double estimate = 2 + personaNames.size() * scale.testScenarios() * scale.evalSeeds() * 3.0
                * lmEpisodeSeconds();
        return new Stage(personas(d), c, modelInputs(d), Set.of(LM_AGENTS_LOCK), estimate, ctx -> {
            StudyMethod.Artefacts a = artefacts(ctx, d);
            List<String> specs = StudyMethod.PERSONA_METHODS.stream().map(m -> m.spec(a)).toList();
            Path evaluation = ctx.dir().resolve(EVALUATION);
            ObjectNode o = Json.object();
            o.set("methods", c.get("methods"));
            o.set("all_personas", run(ctx, "evaluate", "--domain", d.id(), "--agents", String.join(",", specs),
                    "--scenarios", "test", "--personas", String.join(",", personaNames), "--seeds",
                    scale.evalSeeds(), "--seed", seed, "--max-messages", scale.maxMessages(), "--out", evaluation));
            o.set("personas", PersonaBreakdown.of(evaluation.resolve("episodes.jsonl"), specs, personaNames, seed));
            return o;
        });
    }

    /** Every fixed emotion against sim:vanilla on all the domain's generated scenarios (no trained agent plays). */
    private Stage auditStage(Domain d) {
        ObjectNode c = domainConfig(d);
        c.put("target", AUDIT_TARGET);
        c.put("seeds", scale.auditSeeds());
        double estimate = 1 + 30.0 * scale.scenarios() * scale.auditSeeds() / 80;
        return Stage.of(audit(d), c, List.of(), estimate, ctx -> run(ctx, "audit", "--domain", d.id(), "--target",
                AUDIT_TARGET, "--generate", scale.scenarios(), "--seeds", scale.auditSeeds(), "--seed", seed,
                "--max-messages", scale.maxMessages(), "--out", ctx.dir().resolve(AUDIT)));
    }

    private Stage transferStage(Domain d) {
        ObjectNode c = Json.object();
        c.put("personas", "training");
        c.put("seeds", scale.evalSeeds());
        c.put("seed", seed);
        c.put("max_messages", scale.maxMessages());
        c.put("expresser", "template");
        List<String> inputs = new ArrayList<>();
        inputs.add(iqlNoDomain(d));
        domains.forEach(t -> inputs.add(sweep(t)));
        double estimate = 1 + domains.size() * scale.testScenarios() * 4.0 * scale.evalSeeds() / 60;
        return Stage.of(transfer(d), c, inputs, estimate, ctx -> {
            Map<Domain, Path> corpora = new LinkedHashMap<>();
            domains.forEach(t -> corpora.put(t, ctx.inputDir(sweep(t)).resolve(CORPUS)));
            ObjectNode r = TransferEvaluation.run(ctx.inputDir(iqlNoDomain(d)).resolve(CHECKPOINT), corpora,
                    scale.evalSeeds(), seed, scale.maxMessages(), workers);
            Files.writeString(ctx.dir().resolve("transfer.json"), Json.pretty(r) + "\n");
            return r;
        });
    }

    /**
     * The counterparty role's corpus and its transitions: the training personas' tactics showing random emotions
     * against the embedded focal agent (random emotions, {@link #TOURNAMENT_FOCAL_RESPONSE}'s response profile), on
     * the same training scenarios as the focal sweep.
     */
    private Stage counterpartySweepStage(Domain d) {
        ObjectNode c = domainConfig(d);
        c.put("split", "train");
        c.put("role", "counterparty");
        c.put("policy", "random");
        c.put("focal_policy", "random");
        c.put("focal_response", TOURNAMENT_FOCAL_RESPONSE);
        c.put("personas", "training");
        c.put("seeds", scale.sweepSeeds());
        c.put("reward", "default");
        double episodes = trainScenarios() * 4.0 * scale.sweepSeeds();
        return Stage.of(sweepCounterparty(d), c, List.of(), 1 + episodes / 40, ctx -> {
            Path corpus = ctx.dir().resolve(CORPUS);
            ObjectNode o = Json.object();
            o.set("sweep", run(ctx, "sweep", "--domain", d.id(), "--generate", scale.scenarios(), "--split", "train",
                    "--role", "counterparty", "--policy", "random", "--focal-policy", "random", "--focal-response",
                    TOURNAMENT_FOCAL_RESPONSE, "--personas", "training", "--seeds", scale.sweepSeeds(), "--seed", seed,
                    "--max-messages", scale.maxMessages(), "--out", corpus));
            o.set("dataset", run(ctx, "counterparty-dataset", "--corpus", corpus, "--out",
                    ctx.dir().resolve(TRANSITIONS)));
            return o;
        });
    }

    /** A counterparty selector: the focal selector's settings, trained on the counterparty-role transitions. */
    private Stage counterpartyIqlStage(Domain d, int seedIndex) {
        ObjectNode c = Json.object();
        c.put("algorithm", "iql");
        c.put("role", "counterparty");
        c.put("hidden", scale.iqlHidden());
        c.put("layers", 2);
        c.put("steps", scale.iqlSteps());
        c.put("seed", trainingSeed(seedIndex));
        c.put("reward_scaling", "standardize");
        double width = scale.iqlHidden() / 128.0;
        double estimate = 2 + scale.iqlSteps() / 150.0 * Math.max(1, width * width);
        return new Stage(iqlCounterparty(d, seedIndex), c, List.of(sweepCounterparty(d)), Set.of(TRAINING_LOCK),
                estimate, ctx -> run(ctx, "train", "selector", "--dataset",
                        ctx.inputDir(sweepCounterparty(d)).resolve(TRANSITIONS), "--out", ctx.dir().resolve(CHECKPOINT),
                        "--algorithm", "iql", "--steps", scale.iqlSteps(), "--hidden", scale.iqlHidden(), "--layers", 2,
                        "--seed", trainingSeed(seedIndex), "--reward-scaling", "standardize"));
    }

    /**
     * The round-robin on the held-out scenarios: no-emotion, random, fixed:best (chosen in the tournament's world on
     * the training scenarios) and the focal IQL selectors (pooled over training seeds) against the untrained training
     * personas and the counterparty selectors (pooled likewise), with the focal agents reacting to emotion as in the
     * counterparty sweep.
     */
    private Stage tournamentStage(Domain d) {
        List<String> personaNames = Personas.training().stream().map(Persona::name).toList();
        ObjectNode c = Json.object();
        c.put("scenarios", "test");
        c.put("seeds", scale.evalSeeds());
        c.put("best_seeds", scale.bestSeeds());
        c.put("seed", seed);
        c.put("max_messages", scale.maxMessages());
        c.put("focal_response", TOURNAMENT_FOCAL_RESPONSE);
        c.set("focal", Json.MAPPER.valueToTree(List.of("no-emotion", "random", "fixed:best", "iql")));
        c.set("counterparties", Json.MAPPER.valueToTree(personaNames));
        List<String> inputs = new ArrayList<>();
        for (int i = 1; i <= scale.iqlSeeds(); i++) {
            inputs.add(iql(d, i));
            inputs.add(iqlCounterparty(d, i));
        }
        double matches = 4.0 * (personaNames.size() + 1);
        double estimate = 3 + matches * scale.testScenarios() * scale.evalSeeds() / 40
                + 28.0 * trainScenarios() * 4 * scale.bestSeeds() / 150;
        return Stage.of(tournament(d), c, inputs, estimate, ctx -> {
            List<String> focal = new ArrayList<>();
            List<String> counterparty = new ArrayList<>();
            for (int i = 1; i <= scale.iqlSeeds(); i++) {
                focal.add(ctx.inputDir(iql(d, i)).resolve(CHECKPOINT).toString());
                counterparty.add(ctx.inputDir(iqlCounterparty(d, i)).resolve(CHECKPOINT).toString());
            }
            List<String> cps = new ArrayList<>();
            personaNames.forEach(p -> cps.add("persona:" + p));
            cps.add("iql-cp:" + String.join("+", counterparty));
            return run(ctx, "tournament", "--domain", d.id(), "--focal", "no-emotion,random,fixed:best,iql:"
                            + String.join("+", focal), "--counterparty", String.join(",", cps), "--scenarios", "test",
                    "--seeds", scale.evalSeeds(), "--best-seeds", scale.bestSeeds(), "--seed", seed, "--max-messages",
                    scale.maxMessages(), "--focal-response", TOURNAMENT_FOCAL_RESPONSE, "--out",
                    ctx.dir().resolve(TOURNAMENT));
        });
    }

    // --- helpers ---

    /**
     * An adapter stage's adapter folder, named after the stage: {@code evaluate} names a loaded model by its folder,
     * so distinct names keep its per-model statistics apart.
     */
    public static Path adapter(StageOutcome stage) {
        return stage.dir().resolve(stage.name());
    }

    private int trainScenarios() {
        return scale.scenarios() - scale.testScenarios();
    }

    private JsonNode run(StageContext ctx, Object... args) {
        List<String> list = new ArrayList<>();
        for (Object a : args) {
            list.add(String.valueOf(a));
        }
        list.add("--json");
        ctx.log().println("emodistill " + String.join(" ", list));
        return commands.json(ctx.log(), list);
    }

    /** Copies a complete corpus's manifest and links (or copies) its episode file. */
    static void copyCorpus(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        Files.copy(from.resolve(CorpusDir.MANIFEST), to.resolve(CorpusDir.MANIFEST), StandardCopyOption.REPLACE_EXISTING);
        Path episodes = to.resolve(CorpusDir.EPISODES);
        try {
            Files.createLink(episodes, from.resolve(CorpusDir.EPISODES));
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(from.resolve(CorpusDir.EPISODES), episodes, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
