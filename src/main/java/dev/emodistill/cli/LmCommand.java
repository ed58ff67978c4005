package dev.emodistill.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.corpus.CorpusDir;
import dev.emodistill.corpus.CorpusEpisode;
import dev.emodistill.corpus.Rewards;
import dev.emodistill.domain.Domain;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.InputException;
import dev.emodistill.judge.EmbeddedJudge;
import dev.emodistill.io.Json;
import dev.emodistill.io.Provenance;
import dev.emodistill.lm.Checkpoints;
import dev.emodistill.lm.agent.LmService;
import dev.emodistill.lm.jpo.JpoGroups;
import dev.emodistill.lm.sft.LoggedTurn;
import dev.emodistill.lm.sft.TurnAdvantages;
import dev.emodistill.lm.text.DialogueText;
import dev.emodistill.lm.text.PromptParts;
import dev.emodistill.lm.train.Jpo;
import dev.emodistill.lm.train.JpoOnPolicy;
import dev.emodistill.lm.train.Pretraining;
import dev.emodistill.lm.train.Sft;
import dev.emodistill.negotiation.Act;
import dev.emodistill.negotiation.Role;
import dev.emodistill.rl.SelectorCheckpoint;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code emodistill lm ...}: the pocket language model that says it (DESIGN §9). */
@Command(name = "lm", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The expression half of EmoDistill: pre-train the pocket LM, LoRA SFT and JPO, generate, "
                + "move adapters to and from the PEFT layout.",
        subcommands = {LmCommand.Pretrain.class, LmCommand.SftCommand.class, LmCommand.JpoCommand.class,
                LmCommand.Generate.class, LmCommand.Probe.class, LmCommand.ExportPeft.class, LmCommand.ImportPeft.class})
final class LmCommand extends CommandGroup {

    @Command(name = "pretrain", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Pre-train the pocket base model on polite, neutral negotiation text (all four domains).",
                    "Trains the byte-level BPE tokenizer (single-digit tokens) and the Llama-style model; writes a "
                            + "Hugging Face Llama folder (config.json, model.safetensors, tokenizer.json) plus "
                            + "emodistill.json (provenance, loss curve)."})
    static final class Pretrain implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--preset", defaultValue = "pocket", description = "model size (default: ${DEFAULT-VALUE})")
        String preset;
        @Option(names = "--out", required = true, description = "model folder")
        Path out;
        @Option(names = "--corpus", description = "also train on this corpus's logged text")
        Path corpus;
        @Option(names = "--steps", defaultValue = "1500", description = "optimisation steps (measured: after 600 the base rarely states the asked number, after 1,500 it mostly does; default: ${DEFAULT-VALUE})")
        int steps;
        @Option(names = "--dialogues", defaultValue = "600",
                description = "grammar dialogues per domain (default: ${DEFAULT-VALUE})")
        int dialogues;
        @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--json", description = "print one JSON object instead of text")
        boolean json;

        @Override
        public Integer call() {
            if (!preset.equals("pocket")) {
                throw new InputException("--preset: only 'pocket' is built in, got '" + preset + "'");
            }
            Options.positive("--steps", steps);
            Options.positive("--dialogues", dialogues);
            Terminal t = new Terminal(spec);
            List<String> extra = new ArrayList<>();
            if (corpus != null) {
                for (CorpusEpisode e : CorpusDir.at(corpus).readEpisodes()) {
                    for (var turn : e.turns()) {
                        if (turn.text() != null) {
                            extra.add(DialogueText.example(dev.emodistill.lm.agent.Prompts.logged(e, turn,
                                    turn.emotion()), turn.text()));
                        }
                    }
                }
            }
            var c = Pretraining.Config.pocket(seed).with(dialogues, steps);
            Pretraining.Result r = Pretraining.run(c, extra, out, t::log);
            ObjectNode o = Json.object();
            o.put("out", out.toString());
            o.put("vocab_size", r.vocabSize());
            o.put("parameters", r.parameters());
            o.put("examples", r.examples());
            o.put("steps", steps);
            o.put("first_loss", Json.round(r.losses().get(0), 4));
            o.put("final_loss", Json.round(tail(r.losses()), 4));
            o.put("tokens_trained", r.tokensTrained());
            o.put("seconds", Json.round(r.seconds(), 1));
            if (json) {
                t.json(o);
            } else {
                t.resultLine(String.format(Locale.ROOT, "pocket base: %,d parameters, vocabulary %d, loss %.3f -> "
                                + "%.3f over %d steps (%,d tokens, %.0f s) -> %s", r.parameters(), r.vocabSize(),
                        r.losses().get(0), tail(r.losses()), steps, r.tokensTrained(), r.seconds(), out));
            }
            return 0;
        }
    }

    @Command(name = "sft", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"LoRA supervised fine-tuning on the best logged turns (DESIGN §9).",
                    "Ranks focal turns by the IQL critic's advantage Q(s,e) - V(s) (--selector) or by turn reward + "
                            + "lambda x episode return (--rank returns), keeps the top fraction, and trains an adapter "
                            + "on emotion-conditioned prompt -> logged utterance (loss on the response only)."})
    static final class SftCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--base", required = true, description = "base model folder (lm pretrain)")
        Path base;
        @Option(names = "--corpus", required = true, description = "corpus folder (sweep); repeat it to train one "
                + "adapter on several corpora (e.g. one per domain), each with its own --selector")
        List<Path> corpora;
        @Option(names = "--selector", description = "IQL checkpoint whose critic ranks the turns (one per --corpus, "
                + "in the same order)")
        List<Path> selectors;
        @Option(names = "--rank", defaultValue = "critic", description = "critic or returns (default: ${DEFAULT-VALUE})")
        String rank;
        @Option(names = "--lambda", defaultValue = "0.5", description = "with --rank returns (default: ${DEFAULT-VALUE})")
        double lambda;
        @Option(names = "--top", defaultValue = "0.3", description = "share of turns kept (default: ${DEFAULT-VALUE})")
        double top;
        @Option(names = "--no-emotion", description = "emotion-free ablation: the prompt's emotion slot says none")
        boolean noEmotion;
        @Option(names = "--steps", defaultValue = "1000", description = "optimisation steps (default: ${DEFAULT-VALUE})")
        int steps;
        @Option(names = "--lr", defaultValue = "1e-3", description = "peak learning rate (default: ${DEFAULT-VALUE})")
        double lr;
        @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--out", required = true, description = "adapter folder (PEFT layout + emodistill.json)")
        Path out;
        @Option(names = "--json", description = "print one JSON object instead of text")
        boolean json;

        @Override
        public Integer call() {
            Options.positive("--steps", steps);
            Terminal t = new Terminal(spec);
            String how = rank.toLowerCase(Locale.ROOT);
            if (!how.equals("critic") && !how.equals("returns")) {
                throw new InputException("--rank must be critic or returns, got '" + rank + "'");
            }
            List<Path> critics = selectors == null ? List.of() : selectors;
            if (how.equals("critic") && critics.size() != corpora.size()) {
                throw new InputException(critics.isEmpty()
                        ? "--rank critic needs --selector IQLDIR (or use --rank returns)"
                        : "--rank critic needs one --selector per --corpus, in the same order (got " + corpora.size()
                        + " corpora and " + critics.size() + " selectors)");
            }
            Options.positiveRate("--lr", lr);
            List<List<LoggedTurn>> ranked = new ArrayList<>();
            List<ObjectNode> sources = new ArrayList<>();
            for (int i = 0; i < corpora.size(); i++) {
                Path corpus = corpora.get(i);
                CorpusDir dir = CorpusDir.at(corpus);
                List<CorpusEpisode> episodes = dir.readEpisodes();
                ObjectNode source = Json.object();
                source.put("corpus", corpus.toAbsolutePath().toString());
                source.put("corpus_sha256", Provenance.sha256(dir.source()));
                source.put("rank", rank);
                if (how.equals("critic")) {
                    Path selector = critics.get(i);
                    ranked.add(TurnAdvantages.critic(episodes, SelectorCheckpoint.load(selector).model()));
                    source.put("selector", selector.toAbsolutePath().toString());
                } else {
                    ranked.add(TurnAdvantages.returns(episodes, Rewards.defaultReward(), lambda));
                    source.put("lambda", lambda);
                }
                sources.add(source);
            }
            // One corpus keeps the provenance shape adapters have always had; several are listed in order.
            ObjectNode data = sources.get(0);
            if (sources.size() > 1) {
                data = Json.object();
                data.putArray("corpora").addAll(sources);
                data.put("rank", rank);
            }
            Sft.Config c = Sft.Config.defaults(seed).withSteps(steps).withTopFraction(top)
                    .withEmotionConditioning(!noEmotion).withPeakRate(lr);
            Sft.Result r = Sft.runCorpora(c, base, ranked, data, out, t::log);
            ObjectNode o = Json.object();
            o.put("out", out.toString());
            o.put("ranked_turns", r.rankedTurns());
            o.put("examples", r.examples());
            o.put("emotion_conditioned", !noEmotion);
            o.put("first_loss", Json.round(r.losses().get(0), 4));
            o.put("final_loss", Json.round(tail(r.losses()), 4));
            o.put("seconds", Json.round(r.seconds(), 1));
            if (json) {
                t.json(o);
            } else {
                t.resultLine(String.format(Locale.ROOT, "sft adapter: %,d examples, loss %.3f -> %.3f (%.0f s) -> %s",
                        r.examples(), r.losses().get(0), tail(r.losses()), r.seconds(), out));
            }
            return 0;
        }
    }

    @Command(name = "jpo", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Judge Policy Optimization of an SFT adapter on judged logged turns (DESIGN §9).",
                    "Groups = focal turns of one scenario; z-scored judge advantages clipped at 10; groups under 4 "
                            + "dropped; PPO-clip 0.2 on the token-mean ratio against the frozen SFT model; K3 KL to "
                            + "SFT with beta 0.04. The corpus must be judged (emodistill judge), except with --on-policy, "
                    + "which samples from the current model and scores with the embedded judge."})
    static final class JpoCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--sft", required = true, description = "SFT adapter folder (lm sft)")
        Path sft;
        @Option(names = "--corpus", required = true, description = "judged corpus folder")
        Path corpus;
        @Option(names = "--steps", defaultValue = "150", description = "optimisation steps (default: ${DEFAULT-VALUE})")
        int steps;
        @Option(names = "--on-policy", description = "sample from the current model and score with the embedded judge "
                + "instead of learning from the logged text")
        boolean onPolicy;
        @Option(names = "--iterations", defaultValue = "40",
                description = "with --on-policy: sample-then-update rounds (default: ${DEFAULT-VALUE})")
        int iterations;
        @Option(names = "--group", defaultValue = "scenario",
                description = "with --on-policy: a group is one sample each of several turns of a scenario "
                        + "(scenario, DESIGN §9) or several samples of one situation (situation: only the wording "
                        + "varies) (default: ${DEFAULT-VALUE})")
        String group;
        @Option(names = "--groups", description = "with --on-policy: groups sampled per round (default: 4)")
        Integer groups;
        @Option(names = "--group-size", description = "with --on-policy: samples per group, at least 4 (default: 4)")
        Integer groupSize;
        @Option(names = "--temperature", description = "with --on-policy: sampling temperature of the training "
                + "samples (default: the agents' 0.3)")
        Double temperature;
        @Option(names = "--lr", description = "peak learning rate (default: 3e-4 on-policy, the offline default "
                + "otherwise)")
        Double lr;
        @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--out", required = true, description = "adapter folder")
        Path out;
        @Option(names = "--json", description = "print one JSON object instead of text")
        boolean json;

        @Override
        public Integer call() {
            Options.positive("--steps", steps);
            Terminal t = new Terminal(spec);
            CorpusDir dir = CorpusDir.at(corpus);
            ObjectNode data = Json.object();
            data.put("corpus", corpus.toAbsolutePath().toString());
            data.put("corpus_sha256", Provenance.sha256(dir.source()));
            data.put("mode", onPolicy ? "on-policy" : "offline");
            Jpo.Result r;
            if (onPolicy) {
                JpoOnPolicy.Config c = JpoOnPolicy.Config.defaults(seed)
                        .withIterations(Options.positive("--iterations", iterations))
                        .withGrouping(grouping(group));
                if (lr != null) {
                    c = c.withPeakRate(Options.positiveRate("--lr", lr));
                }
                if (groups != null || groupSize != null) {
                    int size = groupSize == null ? c.groupSize() : Options.positive("--group-size", groupSize);
                    if (size < JpoGroups.MIN_GROUP) {
                        throw new InputException("--group-size must be at least "
                                + JpoGroups.MIN_GROUP + " (smaller groups are dropped), got "
                                + size);
                    }
                    c = c.withGroups(groups == null ? c.groups() : Options.positive("--groups", groups), size);
                }
                if (temperature != null) {
                    c = c.withTemperature(Options.positiveRate("--temperature", temperature));
                }
                r = JpoOnPolicy.run(c, sft, dir.readEpisodes(), new EmbeddedJudge(), data, out, t::log);
            } else {
                Jpo.Config c = Jpo.Config.defaults(seed).withSteps(steps);
                if (lr != null) {
                    c = c.withPeakRate(Options.positiveRate("--lr", lr));
                }
                r = Jpo.run(c, sft, dir.readEpisodes(), data, out, t::log);
            }
            ObjectNode o = Json.object();
            o.put("out", out.toString());
            o.put("samples", r.samples());
            o.put("groups_kept", r.groupsKept());
            o.put("groups_dropped", r.groupsDropped());
            o.put("final_loss", Json.round(tail(r.losses()), 5));
            o.put("final_kl", Json.round(tail(r.kl()), 6));
            o.put("max_kl", Json.round(r.kl().stream().mapToDouble(Double::doubleValue).max().orElse(0), 6));
            o.put("seconds", Json.round(r.seconds(), 1));
            if (json) {
                t.json(o);
            } else {
                t.resultLine(String.format(Locale.ROOT, "jpo adapter: %,d samples in %d groups, final KL to SFT %.5f "
                        + "(%.0f s) -> %s", r.samples(), r.groupsKept(), tail(r.kl()), r.seconds(), out));
            }
            return 0;
        }

        private static JpoOnPolicy.Grouping grouping(String text) {
            return switch (text) {
                case "situation" -> JpoOnPolicy.Grouping.SITUATION;
                case "scenario" -> JpoOnPolicy.Grouping.SCENARIO;
                default -> throw new InputException("--group must be situation or scenario, got '" + text + "'");
            };
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Generate utterances for one prompt (for a quick look at a model or adapter).")
    static final class Generate implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--model", required = true, description = "base model folder")
        Path model;
        @Option(names = "--adapter", description = "LoRA adapter folder to merge in")
        Path adapter;
        @Option(names = "--domain", required = true, description = "debt, disaster, student or medical")
        String domain;
        @Option(names = "--emotion", defaultValue = "none", description = "emotion label or none (default: ${DEFAULT-VALUE})")
        String emotion;
        @Option(names = "--act", defaultValue = "offer", description = "offer, accept or walk_away (default: ${DEFAULT-VALUE})")
        String act;
        @Option(names = "--value", description = "the number to state, in the domain unit")
        Double value;
        @Option(names = "--context", description = "earlier messages, 'Speaker: text', separated by '|'")
        String context;
        @Option(names = "-n", defaultValue = "3", description = "samples (default: ${DEFAULT-VALUE})")
        int n;
        @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Override
        public Integer call() {
            Domain d = Options.domain(domain);
            Emotion e = emotion.equalsIgnoreCase("none") ? null : Emotion.parse(emotion)
                    .orElseThrow(() -> new InputException("--emotion: unknown emotion '" + emotion + "'"));
            Act a = Act.valueOf(act.toUpperCase(Locale.ROOT));
            List<String> lines = context == null ? List.of() : List.of(context.split("\\|"));
            PromptParts parts = new PromptParts(d, Role.FOCAL, lines, e, a, value);
            Terminal t = new Terminal(spec);
            try (LmService service = LmService.load("generate", model, adapter, LmService.DEFAULT_SAMPLING, 16)) {
                int[] prompt = service.encode(DialogueText.prompt(parts));
                for (int i = 0; i < n; i++) {
                    t.resultLine(service.respond(prompt, dev.emodistill.sim.Seeds.derive(seed, "generate", i)));
                }
            }
            return 0;
        }
    }

    @Command(name = "probe", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"How well a model says what it is asked to, on logged situations.",
                    "For sampled focal offer turns of a corpus (use a sweep of held-out scenarios: sweep --split test), "
                            + "prompts the model with the turn's situation and intended emotion and reports how often "
                            + "the evaluation head of the classifier reads the intended emotion (top-1, Ekman group), "
                            + "the mean embedded-judge score, and how often the number asked for was stated."})
    static final class Probe implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--model", required = true, description = "base model folder")
        Path model;
        @Option(names = "--adapter", description = "LoRA adapter folder to merge in")
        Path adapter;
        @Option(names = "--corpus", required = true, description = "corpus whose situations are used")
        Path corpus;
        @Option(names = "--no-emotion", description = "prompt without the emotion (vanilla and emotion-free models)")
        boolean noEmotion;
        @Option(names = "--turns", defaultValue = "300", description = "turns probed (default: ${DEFAULT-VALUE})")
        int turns;
        @Option(names = "--samples", description = "also write every probed utterance (situation, intended and read "
                + "emotion, text, judge score) to this JSON Lines file; the same --seed and corpus give the same "
                + "situations, so two models' files pair up line by line")
        Path samples;
        @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--temperature", description = "sampling temperature (default: the agents' sampling)")
        Double temperature;
        @Option(names = "--top-p", description = "nucleus sampling mass (default: the agents' sampling)")
        Double topP;
        @Option(names = "--repetition-penalty", description = "penalty on tokens already in the prompt or the reply "
                + "(default: the agents' sampling)")
        Double repetitionPenalty;
        @Option(names = "--json", description = "print one JSON object instead of text")
        boolean json;

        @Override
        public Integer call() {
            Options.positive("--turns", turns);
            var sample = dev.emodistill.lm.eval.ExpressionProbe.sample(CorpusDir.at(corpus).readEpisodes(), turns, seed);
            if (sample.isEmpty()) {
                throw new InputException(corpus + ": no focal offer turns with an emotion to probe");
            }
            var reader = dev.emodistill.emotion.Classifiers.builtin(dev.emodistill.emotion.HeadRole.EVALUATION);
            dev.emodistill.lm.eval.ExpressionProbe.Result r;
            var d = LmService.DEFAULT_SAMPLING;
            var sampling = new dev.emodistill.lm.SamplingOptions(temperature == null ? d.temperature() : temperature,
                    topP == null ? d.topP() : topP, repetitionPenalty == null ? d.repetitionPenalty()
                    : repetitionPenalty, d.maxNewTokens(), d.stopIds());
            try (LmService service = LmService.load("probe", model, adapter, sampling, 32)) {
                r = dev.emodistill.lm.eval.ExpressionProbe.run(service, !noEmotion, sample, reader,
                        new EmbeddedJudge(reader), seed);
            }
            if (samples != null) {
                StringBuilder lines = new StringBuilder();
                r.samples().forEach(x -> lines.append(x.toJson()).append('\n'));
                dev.emodistill.io.AtomicFiles.writeString(samples, lines.toString());
            }
            Terminal t = new Terminal(spec);
            ObjectNode o = r.toJson();
            o.put("model", model.toString());
            o.put("adapter", adapter == null ? null : adapter.toString());
            o.put("emotion_in_prompt", !noEmotion);
            if (json) {
                t.json(o);
            } else {
                t.resultLine(String.format(Locale.ROOT, "%d utterances: intended emotion read %.1f%% (Ekman group "
                                + "%.1f%%), judge %.2f [%.2f, %.2f], number stated exactly %.1f%%", r.utterances(),
                        100 * r.top1(), 100 * r.ekman(), r.judgeMean(), r.judgeCi().low(), r.judgeCi().high(),
                        100 * r.numberExact()));
            }
            return 0;
        }
    }

    @Command(name = "export-peft", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Copy an adapter's PEFT files (adapter_config.json, adapter_model.safetensors) to a folder "
                    + "that PEFT or vLLM loads on the matching base (the base folder is already a Hugging Face Llama "
                    + "folder).")
    static final class ExportPeft implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--adapter", required = true, description = "adapter folder (lm sft / lm jpo)")
        Path adapter;
        @Option(names = "--out", required = true, description = "PEFT folder")
        Path out;

        @Override
        public Integer call() {
            Checkpoints.readInfo(adapter, Checkpoints.KIND_ADAPTER);
            copy(adapter, out, Checkpoints.ADAPTER_CONFIG);
            copy(adapter, out, Checkpoints.ADAPTER_WEIGHTS);
            new Terminal(spec).resultLine("PEFT adapter for base " + dev.emodistill.lm.Checkpoints.adapterBase(adapter) + " -> " + out);
            return 0;
        }
    }

    @Command(name = "import-peft", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Check a PEFT LoRA folder against a base model (shapes, keys, options) and turn it into an "
                    + "emodistill adapter folder usable by evaluate and lm jpo.")
    static final class ImportPeft implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--peft", required = true, description = "PEFT folder")
        Path peft;
        @Option(names = "--base", required = true, description = "base model folder it belongs to")
        Path base;
        @Option(names = "--out", required = true, description = "adapter folder")
        Path out;

        @Override
        public Integer call() {
            try (var manager = ai.djl.ndarray.NDManager.newBaseManager()) {
                var model = Checkpoints.loadModel(base, manager);
                var lora = dev.emodistill.lm.Lora.loadPeft(peft, model);
                ObjectNode details = Json.object();
                details.put("imported_from", peft.toAbsolutePath().toString());
                var info = new dev.emodistill.lm.CheckpointInfo("lm import-peft", 0, java.util.Map.of(), details);
                Checkpoints.saveAdapter(lora, out, base.toAbsolutePath().toString(), info);
            }
            new Terminal(spec).resultLine("adapter for " + base + " -> " + out);
            return 0;
        }
    }

    private static void copy(Path from, Path to, String name) {
        try {
            Files.createDirectories(to);
            Files.copy(from.resolve(name), to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from.resolve(name) + " to " + to, e);
        }
    }

    private static double tail(List<Double> xs) {
        int k = Math.min(10, xs.size());
        double s = 0;
        for (int i = xs.size() - k; i < xs.size(); i++) {
            s += xs.get(i);
        }
        return s / k;
    }
}
