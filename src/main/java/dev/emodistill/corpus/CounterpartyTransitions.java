package dev.emodistill.corpus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.AtomicFiles;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.io.Provenance;
import dev.emodistill.negotiation.Outcome;
import dev.emodistill.negotiation.Role;
import dev.emodistill.rl.MirroredState;
import dev.emodistill.rl.StateBuilder;
import dev.emodistill.rl.StateInput;
import dev.emodistill.rl.StateSchema;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The counterparty role's offline RL transitions (DESIGN §10: "trained by the same pipeline"): one transition per
 * counterparty turn of every usable episode of a counterparty-role corpus, built on the {@link CounterpartyView#mirror
 * mirrored episode} with the focal learner's own formulas — the state is {@link MirroredState}, the reward is the
 * selected {@link Reward} of the mirrored episode (so concession is the focal agent's move toward the counterparty in
 * its reply, capitulation the counterparty's own, and the terminal reward +2(1 - u) on a deal, -1 on a walk-away or
 * timeout), the action is the emotion the counterparty showed, and {@code done}/{@code timeout} follow the episode's
 * outcome as for the focal agent.
 *
 * <p>The file is an ordinary {@link TransitionDataset} file (same header and line format), whose state schema says
 * {@code role: counterparty}, so {@code emodistill train selector --dataset FILE} trains on it unchanged and the
 * checkpoint it writes records the role. The judge reward is refused: the judge scores focal turns only.
 */
public final class CounterpartyTransitions {
    private static final int DECIMALS = 6;

    private CounterpartyTransitions() {
    }

    /** The transitions and the counts of what they were made from. */
    public record Built(List<Transition> transitions, TransitionCounts counts) {
        public Built {
            transitions = List.copyOf(transitions);
        }
    }

    /**
     * Builds the counterparty's transitions from the episodes of a counterparty-role corpus: error episodes and
     * episodes whose counterparty showed the no-emotion control are skipped and counted, every other one is checked
     * for consistency as played ({@link TransitionChecks}) first.
     *
     * @param schema a counterparty-role state schema
     * @throws InputException naming the episode if one is inconsistent or not from a counterparty-role sweep, or if
     *                        the reward needs judge scores
     */
    public static Built build(List<CorpusEpisode> played, Reward reward, StateSchema schema) {
        Objects.requireNonNull(reward, "reward");
        if (reward.name().contains(Rewards.JUDGE.name())) {
            throw new InputException("reward '" + reward.name() + "': the judge scores focal turns only, so the "
                    + "counterparty role trains on rewards without the judge term (e.g. " + Rewards.DEFAULT_NAME + ")");
        }
        if (schema.role() != Role.COUNTERPARTY) {
            throw new IllegalArgumentException("counterparty transitions need a counterparty-role state schema");
        }
        StateBuilder states = StateBuilder.counterparty(schema);
        List<Transition> out = new ArrayList<>();
        int used = 0;
        int errors = 0;
        int controls = 0;
        for (CorpusEpisode e : played) {
            if (!CounterpartyView.isCounterpartyRole(e)) {
                throw new InputException("episode " + e.episodeId() + " comes from a focal-role sweep (policy '"
                        + e.policy() + "'); counterparty transitions need a corpus from 'emodistill sweep --role "
                        + "counterparty'");
            }
            if (e.outcome() == Outcome.ERROR) {
                errors++;
                continue;
            }
            TransitionChecks.check(e);
            CorpusEpisode m = CounterpartyView.mirror(e);
            List<CorpusTurn> own = m.focalTurns();
            if (own.isEmpty()) {
                // The embedded focal agent cannot end an episode on its first message (nothing to accept yet, no
                // walk-away on turn 0), so this is a damaged corpus rather than a legitimate case.
                throw new InputException("episode " + e.episodeId() + " ended before the counterparty's first turn");
            }
            var fixed = m.fixedEmotion();
            for (CorpusTurn t : own) {
                if (fixed != null && t.emotion() != fixed) {
                    throw new InputException("episode " + e.episodeId() + ": policy " + e.policy()
                            + " but counterparty turn " + t.turn() + " shows " + t.emotion().label());
                }
            }
            if (own.get(0).emotion().isControl()) {
                controls++;
                continue;
            }
            used++;
            float[] s = round(states.build(StateInput.fromEpisode(m, 0)));
            for (int t = 0; t < own.size(); t++) {
                float[] s2 = round(states.build(StateInput.fromEpisode(m, t + 1)));
                boolean last = t == own.size() - 1;
                if (own.get(t).emotion().isControl()) {
                    throw new InputException("episode " + e.episodeId() + ": counterparty turn " + t
                            + " shows no emotion while its first turn did");
                }
                double r = Json.round(reward.reward(m, t), DECIMALS);
                out.add(new Transition(s, own.get(t).emotion().index(), r, s2,
                        last && (e.outcome() == Outcome.DEAL || e.outcome() == Outcome.WALKAWAY),
                        last && e.outcome() == Outcome.TIMEOUT, e.episodeId(), t));
                s = s2;
            }
        }
        return new Built(out, new TransitionCounts(played.size(), used, errors, controls, out.size()));
    }

    /** The formula a counterparty dataset records for {@code reward}. */
    static String formula(Reward reward) {
        return "counterparty role, on the mirrored episode (own = the counterparty, pos' = 1 - pos, u' = 1 - u on a "
                + "deal and 0 without one): " + reward.formula();
    }

    /**
     * The counterparty's transitions of a counterparty-role corpus file's episodes, in memory (what
     * {@code train selector --corpus} trains on), recording the file's path and SHA-256 as the source.
     */
    public static TransitionDataset dataset(List<CorpusEpisode> played, Reward reward, StateSchema schema,
                                            Path corpusFile) {
        Built built = build(played, reward, schema);
        return TransitionDataset.of(schema, reward.name(), formula(reward), corpusFile.toString(),
                Provenance.sha256(corpusFile), built.counts(), built.transitions());
    }

    /**
     * Builds the transitions of a counterparty-role corpus file's episodes and writes them as a transition dataset
     * file (atomically), recording the file's path and SHA-256 as the source; returns the dataset as read back.
     */
    public static TransitionDataset write(Path out, List<CorpusEpisode> played, Reward reward, StateSchema schema,
                                          Path corpusFile) {
        Built built = build(played, reward, schema);
        ObjectNode h = Json.object();
        h.put("kind", TransitionDataset.KIND);
        h.put("schema_version", TransitionDataset.SCHEMA_VERSION);
        h.put("role", Role.COUNTERPARTY.label());
        h.set("state_schema", schema.toJson());
        h.putObject("reward").put("name", reward.name()).put("formula", formula(reward));
        h.putObject("source").put("path", corpusFile.toString()).put("sha256", Provenance.sha256(corpusFile));
        TransitionCounts c = built.counts();
        ObjectNode counts = h.putObject("counts");
        counts.put("episodes_read", c.episodesRead());
        counts.put("episodes_used", c.episodesUsed());
        counts.putObject("episodes_skipped").put("error", c.skippedError()).put("no_emotion", c.skippedNoEmotion());
        counts.put("transitions", c.transitions());
        h.set("created_by", Provenance.createdBy("counterparty-dataset"));
        AtomicFiles.write(out, w -> {
            w.write(Json.line(h));
            w.write('\n');
            for (Transition x : built.transitions()) {
                w.write(Json.line(TransitionDataset.toJson(x)));
                w.write('\n');
            }
        });
        return TransitionDataset.read(out);
    }

    private static float[] round(float[] x) {
        float[] r = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = (float) Json.round(x[i], DECIMALS);
        }
        return r;
    }
}
