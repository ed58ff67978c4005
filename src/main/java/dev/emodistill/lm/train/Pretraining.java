package dev.emodistill.lm.train;

import ai.djl.ndarray.NDManager;
import dev.emodistill.domain.Domain;
import dev.emodistill.lm.CheckpointInfo;
import dev.emodistill.lm.Checkpoints;
import dev.emodistill.lm.CosineSchedule;
import dev.emodistill.lm.LlamaConfig;
import dev.emodistill.lm.LlamaModel;
import dev.emodistill.lm.TokenBatch;
import dev.emodistill.lm.TrainStep;
import dev.emodistill.lm.text.DialogueText;
import dev.emodistill.lm.text.NeutralGrammar;
import dev.emodistill.lm.tokenizer.BpeModel;
import dev.emodistill.lm.tokenizer.BpeTrainer;
import dev.emodistill.lm.tokenizer.PocketTokenizer;
import dev.emodistill.lm.tokenizer.TokenizerJson;
import dev.emodistill.sim.Seeds;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Pre-trains the pocket base model (DESIGN §9): polite, neutral negotiation text from all four domains — by default
 * the built-in neutral grammar's dialogues, each line an example with its context and the emotion slot "none" — plus
 * optional logged text; trains the byte-level BPE tokenizer on the same text, then the whole model on next-token
 * prediction (AdamW, cosine schedule with warm-up, gradient clipping). The result is the "aligned" starting point:
 * it words the number it is given, neutrally, and has never seen an emotion label in its prompt slot.
 *
 * <p>Like any real language model it also knows emotional language in general: short everyday emotional
 * sentences (the perception pool of the built-in emotion grammar, outside any negotiation prompt) are part of the
 * text. Without them the tokenizer has no pieces for emotional words and the model cannot say them, so no
 * fine-tuning could teach it to express an emotion (measured: SFT of a grammar-only base produced fragments). The
 * probe that checks expression reads utterances with the other (evaluation) head, trained on a disjoint pool.
 * The context is 192 tokens (the anchor shape's 128 cut most logged emotional turns with their context).
 */
public final class Pretraining {

    /**
     * @param dialoguesPerDomain grammar dialogues per domain (each gives one example per line)
     * @param steps              optimisation steps
     * @param batch              examples per step
     * @param peakRate           peak learning rate (after warm-up; cosine decay to 10 % of it)
     * @param weightDecay        AdamW decoupled weight decay
     * @param maxGradNorm        global gradient-norm clip
     * @param vocabSize          target tokenizer vocabulary (the trainer may stop earlier on repetitive text)
     * @param emotionalSentences everyday emotional sentences per emotion (0 = none)
     * @param maxContext         context length of the model
     * @param seed               seeds the text, the tokenizer's input order, the weights and the batches
     */
    public record Config(int dialoguesPerDomain, int steps, int batch, double peakRate, double weightDecay,
                         double maxGradNorm, int vocabSize, int emotionalSentences, int maxContext, long seed) {
        public static Config pocket(long seed) {
            return new Config(600, 1500, 16, 2e-3, 0.01, 1.0, 2048, 150, 192, seed);
        }

        public Config with(int dialogues, int stepCount) {
            return new Config(dialogues, stepCount, batch, peakRate, weightDecay, maxGradNorm, vocabSize,
                    emotionalSentences, maxContext, seed);
        }
    }

    /** What pre-training produced. */
    public record Result(Path dir, int vocabSize, long parameters, int examples, int droppedTooLong,
                         List<Double> losses, long tokensTrained, double seconds) {
    }

    private Pretraining() {
    }

    /** Neutral grammar examples for every domain, in a fixed order. */
    public static List<String> grammarExamples(int dialoguesPerDomain, long seed) {
        List<String> out = new ArrayList<>();
        for (Domain d : Domain.values()) {
            for (var dialogue : NeutralGrammar.dialogues(d, dialoguesPerDomain, Seeds.derive(seed, "grammar", d.id()))) {
                out.addAll(DialogueText.examples(dialogue));
            }
        }
        return out;
    }

    /**
     * Everyday emotional sentences, each a sequence of its own behind its emotion label in the prompt's emotion slot
     * ({@code <|emotion|>fear<|response|>I'm scared.<|eos|>}): the base learns the emotional vocabulary and to follow
     * the label, as an instruction-tuned model follows an affective prompt — while every negotiation prompt it
     * sees says "none", so its negotiation text stays neutral.
     */
    public static List<String> emotionalLines(int perEmotion, long seed) {
        if (perEmotion <= 0) {
            return List.of();
        }
        var pool = dev.emodistill.emotion.TrainingSentences.Pool.PERCEPTION;
        int n = Math.min(perEmotion, dev.emodistill.emotion.TrainingSentences.maxPerEmotion(pool));
        List<String> out = new ArrayList<>();
        for (var s : dev.emodistill.emotion.TrainingSentences.generate(pool, n, Seeds.derive(seed, "emotional"))) {
            out.add(DialogueText.EMOTION + DialogueText.emotionLabel(s.emotion()) + DialogueText.RESPONSE + s.text()
                    + DialogueText.EOS);
        }
        return out;
    }

    /** Trains tokenizer and model on the grammar (plus {@code extraExamples}) and saves the model folder to {@code out}. */
    public static Result run(Config c, List<String> extraExamples, Path out, Consumer<String> log) {
        long start = System.nanoTime();
        List<String> texts = new ArrayList<>(grammarExamples(c.dialoguesPerDomain(), c.seed()));
        texts.addAll(emotionalLines(c.emotionalSentences(), c.seed()));
        texts.addAll(extraExamples);
        log.accept(String.format("pretrain: %,d examples; training the tokenizer", texts.size()));
        BpeModel bpe = new BpeTrainer(BpeTrainer.Options.defaults().withVocabSize(c.vocabSize())).train(texts);
        Path tokenizerFile = out.resolve(Checkpoints.TOKENIZER);
        TokenizerJson.write(bpe, tokenizerFile);
        try (PocketTokenizer tokenizer = PocketTokenizer.load(tokenizerFile);
             NDManager manager = NDManager.newBaseManager()) {
            int eos = tokenizer.id(DialogueText.EOS);
            int bos = tokenizer.id(BpeTrainer.DEFAULT_SPECIALS.get(0));
            LlamaConfig config = LlamaConfig.pocket(tokenizer.vocabSize()).withMaxContext(c.maxContext())
                    .withSpecialTokens(bos, List.of(eos));
            List<int[]> sequences = new ArrayList<>(texts.size());
            int dropped = 0;
            for (String t : texts) {
                int[] ids = tokenizer.encode(t);
                if (ids.length > config.maxContext() + 1) {
                    dropped++;
                } else {
                    sequences.add(ids);
                }
            }
            log.accept(String.format("pretrain: vocabulary %d, %,d sequences (%d longer than the context dropped)",
                    tokenizer.vocabSize(), sequences.size(), dropped));
            LlamaModel model = LlamaModel.create(config, c.seed(), manager);
            TrainStep trainer = TrainStep.of(model, CosineSchedule.standard(c.peakRate(),
                    c.steps()), c.weightDecay(), c.maxGradNorm());
            List<Double> losses = new ArrayList<>();
            BatchSampler sampler = new BatchSampler(sequences.size(), Seeds.derive(c.seed(), "batches"));
            long tokens = 0;
            for (int s = 0; s < c.steps(); s++) {
                List<int[]> rows = new ArrayList<>(c.batch());
                for (int i : sampler.next(c.batch())) {
                    rows.add(sequences.get(i));
                    tokens += sequences.get(i).length - 1;
                }
                double loss = trainer.step(TokenBatch.full(rows)).loss();
                losses.add(loss);
                if ((s + 1) % Math.max(1, c.steps() / 10) == 0 || s == c.steps() - 1) {
                    log.accept(String.format("pretrain: step %d/%d loss %.3f", s + 1, c.steps(), loss));
                }
            }
            var details = dev.emodistill.io.Json.object();
            details.put("preset", "pocket");
            details.put("dialogues_per_domain", c.dialoguesPerDomain());
            details.put("examples", sequences.size());
            details.put("extra_examples", extraExamples.size());
            details.put("emotional_sentences_per_emotion", c.emotionalSentences());
            details.put("dialogue_layout", DialogueText.LAYOUT_VERSION);
            details.put("max_context", c.maxContext());
            details.put("steps", c.steps());
            details.put("skipped_steps", trainer.optimizer().skippedSteps());
            details.put("batch", c.batch());
            details.put("peak_rate", c.peakRate());
            details.put("weight_decay", c.weightDecay());
            details.put("max_grad_norm", c.maxGradNorm());
            details.put("tokens_trained", tokens);
            CheckpointInfo info = new CheckpointInfo("lm pretrain", c.seed(),
                    java.util.Map.of("loss", List.copyOf(losses)), details);
            Checkpoints.saveModel(model, out, info, tokenizerFile);
            return new Result(out, tokenizer.vocabSize(), model.parameterCount(), sequences.size(), dropped, losses,
                    tokens, (System.nanoTime() - start) / 1e9);
        }
    }
}
