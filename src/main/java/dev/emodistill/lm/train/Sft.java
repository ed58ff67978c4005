package dev.emodistill.lm.train;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.corpus.CorpusEpisode;
import dev.emodistill.io.Json;
import dev.emodistill.lm.CheckpointInfo;
import dev.emodistill.lm.Checkpoints;
import dev.emodistill.lm.CosineSchedule;
import dev.emodistill.lm.LlamaModel;
import dev.emodistill.lm.Lora;
import dev.emodistill.lm.LoraConfig;
import dev.emodistill.lm.TokenBatch;
import dev.emodistill.lm.TrainStep;
import dev.emodistill.lm.sft.LoggedTurn;
import dev.emodistill.lm.sft.SftSelection;
import dev.emodistill.lm.tokenizer.PocketTokenizer;
import dev.emodistill.sim.Seeds;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Supervised fine-tuning of a LoRA adapter on the best logged turns (DESIGN §9): the top-K % of focal turns by
 * advantage, each as "emotion-conditioned prompt → the logged utterance", loss on the response tokens only;
 * AdamW, cosine schedule with warm-up, gradient clipping; the base stays frozen. With {@code emotionConditioned}
 * off the prompt's emotion slot says "none" — the ablation that shows whether the conditioning matters.
 */
public final class Sft {

    /**
     * @param topFraction        share of ranked turns kept (DESIGN: top-K %)
     * @param emotionConditioned whether the prompt names the turn's emotion
     * @param steps              optimisation steps
     * @param batch              examples per step
     * @param peakRate           peak learning rate
     * @param weightDecay        AdamW decoupled weight decay
     * @param maxGradNorm        gradient clip
     * @param lora               adapter shape
     * @param seed               adapter initialisation and batch order
     */
    public record Config(double topFraction, boolean emotionConditioned, int steps, int batch, double peakRate,
                         double weightDecay, double maxGradNorm, LoraConfig lora, long seed) {
        public static Config defaults(long seed) {
            // 1,000 steps at 1e-3: measured on debt, 300 steps at 2e-3 stopped at loss 2.1 with emotional sentences
            // still garbled, and a peak of 2e-3 held for long (a 1,200-step run) stalled at loss 4-4.6.
            return new Config(SftSelection.DEFAULT_TOP_FRACTION, true, 1000, 16, 1e-3, 0.0, 1.0,
                    LoraConfig.allLinear(16, 32, 0.05), seed);
        }

        public Config withSteps(int n) {
            return new Config(topFraction, emotionConditioned, n, batch, peakRate, weightDecay, maxGradNorm, lora, seed);
        }

        public Config withEmotionConditioning(boolean on) {
            return new Config(topFraction, on, steps, batch, peakRate, weightDecay, maxGradNorm, lora, seed);
        }

        public Config withPeakRate(double rate) {
            return new Config(topFraction, emotionConditioned, steps, batch, rate, weightDecay, maxGradNorm, lora, seed);
        }

        public Config withTopFraction(double f) {
            return new Config(f, emotionConditioned, steps, batch, peakRate, weightDecay, maxGradNorm, lora, seed);
        }
    }

    /** What SFT produced. */
    public record Result(Path dir, int rankedTurns, int examples, int droppedTooLong, List<Double> losses,
                         double seconds) {
    }

    private Sft() {
    }

    /**
     * Trains an adapter for the base model in {@code baseDir} on {@code ranked} turns (from {@code TurnAdvantages})
     * and saves it (PEFT layout + provenance) to {@code out}. {@code provenance} is stored in the adapter's
     * {@code emodistill.json} (corpus, selector, ranking).
     */
    public static Result run(Config c, Path baseDir, List<LoggedTurn> ranked, ObjectNode provenance, Path out,
                             Consumer<String> log) {
        return runCorpora(c, baseDir, List.of(ranked), provenance, out, log);
    }

    /**
     * As {@link #run(Config, Path, List, ObjectNode, Path, Consumer)} on several corpora at once (one adapter for
     * several domains): the top fraction is kept within each corpus, because each corpus is ranked by its own
     * critic and advantages of different critics are not on one scale.
     */
    public static Result runCorpora(Config c, Path baseDir, List<List<LoggedTurn>> rankedPerCorpus,
                                    ObjectNode provenance, Path out, Consumer<String> log) {
        long start = System.nanoTime();
        List<LoggedTurn> ranked = new ArrayList<>();
        List<LoggedTurn> top = new ArrayList<>();
        for (List<LoggedTurn> one : rankedPerCorpus) {
            ranked.addAll(one);
            top.addAll(SftSelection.top(one, c.topFraction()));
        }
        try (PocketTokenizer tokenizer = PocketTokenizer.load(baseDir.resolve(Checkpoints.TOKENIZER));
             NDManager manager = NDManager.newBaseManager()) {
            LlamaModel model = Checkpoints.loadModel(baseDir, manager);
            List<LmExamples> examples = new ArrayList<>();
            int dropped = 0;
            for (LoggedTurn t : top) {
                LmExamples ex = LmExamples.of(tokenizer, t.episode(), t.turn(),
                        c.emotionConditioned() ? t.turn().emotion() : null);
                if (ex.fits(model.config().maxContext())) {
                    examples.add(ex);
                } else {
                    dropped++;
                }
            }
            log.accept(String.format("sft: %,d ranked turns, top %.0f%% = %,d examples (%d too long)", ranked.size(),
                    100 * c.topFraction(), examples.size(), dropped));
            Lora lora = model.addLora(c.lora(), c.seed());
            // LoRA dropout draws from the engine's generator: seed it so a rerun gives the same adapter.
            ai.djl.engine.Engine.getInstance().setRandomSeed((int) c.seed());
            TrainStep trainer = TrainStep.of(model, CosineSchedule.standard(c.peakRate(),
                    c.steps()), c.weightDecay(), c.maxGradNorm());
            BatchSampler sampler = new BatchSampler(examples.size(), Seeds.derive(c.seed(), "sft-batches"));
            List<Double> losses = new ArrayList<>();
            for (int s = 0; s < c.steps(); s++) {
                List<int[]> prompts = new ArrayList<>(c.batch());
                List<int[]> responses = new ArrayList<>(c.batch());
                for (int i : sampler.next(c.batch())) {
                    prompts.add(examples.get(i).prompt());
                    responses.add(examples.get(i).response());
                }
                double loss = trainer.step(TokenBatch.responses(prompts, responses)).loss();
                losses.add(loss);
                if ((s + 1) % Math.max(1, c.steps() / 10) == 0 || s == c.steps() - 1) {
                    log.accept(String.format("sft: step %d/%d loss %.3f", s + 1, c.steps(), loss));
                }
            }
            ObjectNode details = Json.object();
            details.put("top_fraction", c.topFraction());
            details.put("emotion_conditioned", c.emotionConditioned());
            details.put("ranked_turns", ranked.size());
            details.put("examples", examples.size());
            details.put("steps", c.steps());
            details.put("skipped_steps", trainer.optimizer().skippedSteps());
            details.put("batch", c.batch());
            details.put("peak_rate", c.peakRate());
            details.put("weight_decay", c.weightDecay());
            details.put("max_grad_norm", c.maxGradNorm());
            details.put("base", baseDir.toAbsolutePath().toString());
            details.put("base_tokenizer_sha256", tokenizer.sha256());
            if (provenance != null) {
                details.set("data", provenance);
            }
            Checkpoints.saveAdapter(lora, out, baseDir.toAbsolutePath().toString(),
                    new CheckpointInfo("lm sft", c.seed(), Map.of("sft_loss", List.copyOf(losses)), details));
            return new Result(out, ranked.size(), examples.size(), dropped, losses, (System.nanoTime() - start) / 1e9);
        }
    }
}
