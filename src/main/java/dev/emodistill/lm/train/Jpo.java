package dev.emodistill.lm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.corpus.CorpusEpisode;
import dev.emodistill.corpus.CorpusTurn;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.lm.CheckpointInfo;
import dev.emodistill.lm.Checkpoints;
import dev.emodistill.lm.CosineSchedule;
import dev.emodistill.lm.LlamaModel;
import dev.emodistill.lm.Lora;
import dev.emodistill.lm.TokenBatch;
import dev.emodistill.lm.TrainStep;
import dev.emodistill.lm.jpo.JpoGroups;
import dev.emodistill.lm.jpo.JpoLoss;
import dev.emodistill.lm.tokenizer.PocketTokenizer;
import dev.emodistill.negotiation.Outcome;
import dev.emodistill.sim.Seeds;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Judge Policy Optimization on logged text (DESIGN §9, the reference's offline mode): a group is every judged focal
 * turn of one scenario; advantages are judge scores z-scored within the group and clipped at ±10 (groups under 4
 * turns dropped, see {@link JpoGroups}); the loss is the PPO-clip surrogate on ρ = exp(token-mean log π_θ − log π_b)
 * plus β·K3 KL to the frozen SFT adapter (see {@link JpoLoss} for the formula, which the tests compare this code
 * with). For logged text the behaviour policy π_b is the frozen SFT model, so π_b and the KL reference coincide
 * and their per-token log-probabilities are computed once, before training. The adapter starts from the SFT
 * adapter and only it is trained.
 */
public final class Jpo {

    /**
     * @param steps       optimisation steps
     * @param batch       samples per step
     * @param peakRate    peak learning rate
     * @param maxGradNorm gradient clip
     * @param seed        batch order
     */
    public record Config(int steps, int batch, double peakRate, double maxGradNorm, long seed) {
        public static Config defaults(long seed) {
            return new Config(150, 16, 5e-4, 1.0, seed);
        }

        public Config withSteps(int n) {
            return new Config(n, batch, peakRate, maxGradNorm, seed);
        }

        public Config withPeakRate(double rate) {
            return new Config(steps, batch, rate, maxGradNorm, seed);
        }
    }

    /** What JPO produced. */
    public record Result(Path dir, int samples, int groupsKept, int groupsDropped, List<Double> losses,
                         List<Double> kl, double seconds) {
    }

    /**
     * One training sample with its fixed quantities: per-token log-probabilities of its response under the frozen
     * SFT model (the KL reference) and under the policy that produced it (for logged text, the same array).
     */
    record Sample(LmExamples example, double advantage, float[] referenceLogProbs, float[] behaviourLogProbs) {
        Sample(LmExamples example, double advantage, float[] referenceLogProbs) {
            this(example, advantage, referenceLogProbs, referenceLogProbs);
        }
    }

    private Jpo() {
    }

    /** The emotion-conditioning an SFT adapter was trained with (recorded in its provenance). */
    public static boolean emotionConditioned(Path sftDir) {
        JsonNode info = Checkpoints.readInfo(sftDir, Checkpoints.KIND_ADAPTER);
        JsonNode flag = info.path("details").path("emotion_conditioned");
        return !flag.isBoolean() || flag.asBoolean();
    }

    /** Fine-tunes the SFT adapter in {@code sftDir} with JPO on the judged focal turns of {@code episodes}. */
    public static Result run(Config c, Path sftDir, List<CorpusEpisode> episodes, ObjectNode provenance, Path out,
                             Consumer<String> log) {
        long start = System.nanoTime();
        Path baseDir = Checkpoints.adapterBase(sftDir);
        boolean conditioned = emotionConditioned(sftDir);
        List<CorpusEpisode> usable = episodes.stream().filter(e -> e.outcome() != Outcome.ERROR).toList();
        record Turn(CorpusEpisode episode, CorpusTurn turn) {
        }
        List<Turn> turns = new ArrayList<>();
        for (CorpusEpisode e : usable) {
            for (CorpusTurn t : e.focalTurns()) {
                if (t.judgeScore() != null && t.text() != null) {
                    turns.add(new Turn(e, t));
                }
            }
        }
        if (turns.isEmpty()) {
            throw new InputException("the corpus has no judged focal turns; run 'emodistill judge --corpus DIR' first");
        }
        var groups = JpoGroups.advantages(turns, t -> t.episode().scenarioId(), t -> t.turn().judgeScore());
        try (PocketTokenizer tokenizer = PocketTokenizer.load(baseDir.resolve(Checkpoints.TOKENIZER));
             NDManager manager = NDManager.newBaseManager()) {
            LlamaModel model = Checkpoints.loadModel(baseDir, manager);
            Lora adapter = Checkpoints.loadAdapter(sftDir, model);
            model.attachLora(adapter);
            List<LmExamples> examples = new ArrayList<>();
            List<Double> advantages = new ArrayList<>();
            // Advantages are z-scored over whole groups first; then a seeded subset as large as the steps can use
            // (steps x batch) is kept, since the reference log-probabilities of every logged turn would cost more
            // than the training itself.
            List<JpoGroups.Scored<Turn>> items = new ArrayList<>(groups.items());
            java.util.Collections.shuffle(items, new java.util.Random(Seeds.derive(c.seed(), "jpo-subset")));
            items = items.subList(0, Math.min(items.size(), c.steps() * c.batch()));
            for (var s : items) {
                LmExamples ex = LmExamples.of(tokenizer, s.item().episode(), s.item().turn(),
                        conditioned ? s.item().turn().emotion() : null);
                if (ex.fits(model.config().maxContext())) {
                    examples.add(ex);
                    advantages.add(s.advantage());
                }
            }
            log.accept(String.format("jpo: %,d judged turns in %d groups (%d groups under %d turns dropped); "
                            + "%,d samples used", turns.size(), groups.groupsKept(), groups.groupsDropped(),
                    JpoGroups.MIN_GROUP, examples.size()));
            List<float[]> reference = referenceLogProbs(model, examples);
            List<Sample> samples = new ArrayList<>(examples.size());
            for (int i = 0; i < examples.size(); i++) {
                samples.add(new Sample(examples.get(i), advantages.get(i), reference.get(i)));
            }
            adapter.setTrainable(true);
            ai.djl.engine.Engine.getInstance().setRandomSeed((int) c.seed());
            TrainStep trainer = TrainStep.of(model, CosineSchedule.standard(c.peakRate(),
                    c.steps()), 0.0, c.maxGradNorm());
            BatchSampler sampler = new BatchSampler(samples.size(), Seeds.derive(c.seed(), "jpo-batches"));
            List<Double> losses = new ArrayList<>();
            List<Double> kls = new ArrayList<>();
            for (int step = 0; step < c.steps(); step++) {
                List<Sample> batch = new ArrayList<>(c.batch());
                for (int i : sampler.next(c.batch())) {
                    batch.add(samples.get(i));
                }
                double[] klOut = new double[1];
                double loss = trainer.step(sm -> objective(sm, model, batch, klOut)).loss();
                losses.add(loss);
                kls.add(klOut[0]);
                if ((step + 1) % Math.max(1, c.steps() / 10) == 0 || step == c.steps() - 1) {
                    log.accept(String.format("jpo: step %d/%d loss %.4f kl %.5f", step + 1, c.steps(), loss, klOut[0]));
                }
            }
            ObjectNode details = details("offline", conditioned, sftDir, c.peakRate(), provenance);
            details.put("samples", samples.size());
            details.put("groups_kept", groups.groupsKept());
            details.put("groups_dropped", groups.groupsDropped());
            details.put("steps", c.steps());
            details.put("skipped_steps", trainer.optimizer().skippedSteps());
            details.put("batch", c.batch());
            Map<String, List<Double>> curves = new LinkedHashMap<>();
            curves.put("jpo_loss", List.copyOf(losses));
            curves.put("kl", List.copyOf(kls));
            Checkpoints.saveAdapter(adapter, out, baseDir.toAbsolutePath().toString(),
                    new CheckpointInfo("lm jpo", c.seed(), curves, details));
            return new Result(out, samples.size(), groups.groupsKept(), groups.groupsDropped(), losses, kls,
                    (System.nanoTime() - start) / 1e9);
        }
    }

    /** The provenance both modes record: mode, conditioning, the SFT adapter and every JPO constant. */
    static ObjectNode details(String mode, boolean conditioned, Path sftDir, double peakRate, ObjectNode data) {
        ObjectNode details = Json.object();
        details.put("mode", mode);
        details.put("emotion_conditioned", conditioned);
        details.put("sft", sftDir.toAbsolutePath().toString());
        details.put("clip_epsilon", JpoLoss.CLIP_EPSILON);
        details.put("kl_beta", JpoLoss.KL_BETA);
        details.put("advantage_clip", JpoGroups.CLIP);
        details.put("min_group", JpoGroups.MIN_GROUP);
        details.put("peak_rate", peakRate);
        if (data != null) {
            details.set("data", data);
        }
        return details;
    }

    /** The JPO loss of a batch (see {@link JpoLoss}); writes the batch's mean K3 KL into {@code klOut[0]}. */
    static NDArray objective(NDManager sm, LlamaModel model, List<Sample> batch, double[] klOut) {
        List<int[]> prompts = new ArrayList<>(batch.size());
        List<int[]> responses = new ArrayList<>(batch.size());
        int total = 0;
        for (Sample s : batch) {
            prompts.add(s.example().prompt());
            responses.add(s.example().response());
            total += s.referenceLogProbs().length;
        }
        TokenBatch tb = TokenBatch.responses(prompts, responses);
        float[] ref = new float[total];
        float[] beh = new float[total];
        float[] adv = new float[batch.size()];
        int k = 0;
        for (int i = 0; i < batch.size(); i++) {
            float[] r = batch.get(i).referenceLogProbs();
            System.arraycopy(r, 0, ref, k, r.length);
            System.arraycopy(batch.get(i).behaviourLogProbs(), 0, beh, k, r.length);
            k += r.length;
            adv[i] = (float) batch.get(i).advantage();
        }
        NDArray logp = model.scoredLogProbs(sm, tb);
        NDArray reference = sm.create(ref, new Shape(total)).toType(logp.getDataType(), false);
        NDArray behaviour = sm.create(beh, new Shape(total)).toType(logp.getDataType(), false);
        NDArray advantage = sm.create(adv, new Shape(batch.size())).toType(logp.getDataType(), false);
        NDArray ratio = model.rowMeans(sm, tb, logp.sub(behaviour)).exp();
        NDArray clipped = ratio.clip(1 - JpoLoss.CLIP_EPSILON, 1 + JpoLoss.CLIP_EPSILON);
        NDArray surrogate = NDArrays.minimum(ratio.mul(advantage), clipped.mul(advantage)).neg().mean();
        NDArray d = reference.sub(logp);
        NDArray k3 = model.rowMeans(sm, tb, d.exp().sub(d).sub(1)).mean();
        klOut[0] = k3.toType(DataType.FLOAT64, false).getDouble();
        return surrogate.add(k3.mul(JpoLoss.KL_BETA));
    }

    /** Per-token log-probabilities of each response under the model as it is now (the frozen SFT adapter). */
    static List<float[]> referenceLogProbs(LlamaModel model, List<LmExamples> examples) {
        List<float[]> out = new ArrayList<>(examples.size());
        int chunk = 32;
        for (int from = 0; from < examples.size(); from += chunk) {
            List<LmExamples> part = examples.subList(from, Math.min(examples.size(), from + chunk));
            List<int[]> prompts = part.stream().map(LmExamples::prompt).toList();
            List<int[]> responses = part.stream().map(LmExamples::response).toList();
            try (NDManager sm = model.manager().newSubManager(); var noGrad = dev.emodistill.lm.NoGrad.enter()) {
                float[] all = model.scoredLogProbs(sm, TokenBatch.responses(prompts, responses))
                        .toType(DataType.FLOAT32, false).toFloatArray();
                int k = 0;
                for (int[] r : responses) {
                    out.add(java.util.Arrays.copyOfRange(all, k, k + r.length));
                    k += r.length;
                }
            }
        }
        return out;
    }
}
