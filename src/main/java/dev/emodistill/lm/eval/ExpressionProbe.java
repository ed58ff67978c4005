package dev.emodistill.lm.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.corpus.CorpusEpisode;
import dev.emodistill.corpus.CorpusTurn;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.emotion.EmotionClassifier;
import dev.emodistill.emotion.EmotionDistribution;
import dev.emodistill.eval.Stats;
import dev.emodistill.io.Json;
import dev.emodistill.judge.Judge;
import dev.emodistill.judge.JudgeContext;
import dev.emodistill.lm.agent.LmService;
import dev.emodistill.lm.agent.Prompts;
import dev.emodistill.negotiation.Act;
import dev.emodistill.negotiation.Outcome;
import dev.emodistill.sim.Seeds;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How well a model (base or base + adapter) says what it is asked to, on logged situations: for sampled focal
 * offer turns of a corpus (normally a sweep of held-out scenarios), the model is given the turn's prompt with its
 * intended emotion, and its utterance is read by the <em>evaluation</em> head of the emotion classifier (the head
 * perception never used, so a model cannot overfit the reader) and scored by the judge in the turn's context.
 * Reported: how often the intended emotion is the top label (and its Ekman group the top group), the mean judge
 * score, and how often the stated number was the one asked for.
 */
public final class ExpressionProbe {
    private ExpressionProbe() {
    }

    /** The probe's numbers, and each utterance it read (in probe order, so two models' samples pair up). */
    public record Result(int utterances, double top1, double ekman, double judgeMean, Stats.Interval judgeCi,
                         double numberExact, List<Sample> samples) {
        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("utterances", utterances);
            o.put("intended_emotion_top1", Json.round(top1, 4));
            o.put("intended_ekman_top1", Json.round(ekman, 4));
            o.put("judge_mean", Json.round(judgeMean, 4));
            o.putArray("judge_ci").add(Json.round(judgeCi.low(), 4)).add(Json.round(judgeCi.high(), 4));
            o.put("number_exact", Json.round(numberExact, 4));
            return o;
        }
    }

    /** The focal offer turns probed: up to {@code n}, sampled with a seed, from episodes without errors. */
    public static List<CorpusTurnRef> sample(List<CorpusEpisode> episodes, int n, long seed) {
        List<CorpusTurnRef> all = new ArrayList<>();
        for (CorpusEpisode e : episodes) {
            if (e.outcome() == Outcome.ERROR) {
                continue;
            }
            for (CorpusTurn t : e.focalTurns()) {
                if (t.act() == Act.OFFER && t.offer() != null && !t.emotion().isControl()) {
                    all.add(new CorpusTurnRef(e, t));
                }
            }
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = all.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            CorpusTurnRef x = all.get(i);
            all.set(i, all.get(j));
            all.set(j, x);
        }
        return List.copyOf(all.subList(0, Math.min(n, all.size())));
    }

    private static dev.emodistill.emotion.EkmanGroup topGroup(EmotionDistribution d) {
        return d.ekman().entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /** One probed utterance: the situation, what was asked, what was said and how it was read. */
    public record Sample(String episodeId, int turn, Emotion intended, String text, Emotion read, double judge,
                         boolean numberExact) {
        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("episode_id", episodeId);
            o.put("turn", turn);
            o.put("intended", intended.label());
            o.put("text", text);
            o.put("read", read.label());
            o.put("judge", judge);
            o.put("number_exact", numberExact);
            return o;
        }
    }

    /** A logged turn with its episode. */
    public record CorpusTurnRef(CorpusEpisode episode, CorpusTurn turn) {
    }

    /** Runs the probe; {@code conditioned} false gives the prompt no emotion (the vanilla and emotion-free models). */
    public static Result run(LmService model, boolean conditioned, List<CorpusTurnRef> turns, EmotionClassifier reader,
                             Judge judge, long seed) {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<String>> texts = new ArrayList<>();
            for (int i = 0; i < turns.size(); i++) {
                CorpusTurnRef r = turns.get(i);
                long s = Seeds.derive(seed, "probe", i);
                texts.add(pool.submit(() -> {
                    var parts = Prompts.logged(r.episode(), r.turn(), conditioned ? r.turn().emotion() : null);
                    return model.respond(model.promptThatFits(parts), s);
                }));
            }
            int top1 = 0;
            int ekman = 0;
            int exact = 0;
            double[] scores = new double[turns.size()];
            List<Sample> samples = new ArrayList<>(turns.size());
            for (int i = 0; i < turns.size(); i++) {
                String text = texts.get(i).get();
                CorpusTurnRef r = turns.get(i);
                Emotion intended = r.turn().emotion();
                EmotionDistribution d = reader.classify(text);
                if (d.top() == intended) {
                    top1++;
                }
                if (topGroup(d) == intended.ekman()) {
                    ekman++;
                }
                var stated = dev.emodistill.negotiation.OfferParser.parse(r.episode().domain(), text);
                boolean numberExact = stated.isPresent() && Math.abs(stated.getAsDouble() - r.turn().offer()) < 1e-6;
                if (numberExact) {
                    exact++;
                }
                scores[i] = judge.score(JudgeContext.at(r.episode(), r.turn().index()), text, intended).score();
                samples.add(new Sample(r.episode().episodeId(), r.turn().index(), intended, text, d.top(), scores[i],
                        numberExact));
            }
            int n = Math.max(1, turns.size());
            return new Result(turns.size(), top1 / (double) n, ekman / (double) n, Stats.mean(scores),
                    Stats.bootstrapMean(scores, 2000, Seeds.derive(seed, "probe-ci")), exact / (double) n,
                    List.copyOf(samples));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
