package dev.emodistill.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.AtomicFiles;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.io.JsonLines;
import dev.emodistill.io.Provenance;
import dev.emodistill.negotiation.Outcome;
import dev.emodistill.rl.StateBuilder;
import dev.emodistill.rl.StateSchema;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The offline RL dataset made from a corpus (DESIGN §6-§7): one {@link Transition} per focal turn of every
 * usable episode, with the state schema, the reward's name and formula, the source corpus and its SHA-256.
 *
 * <p>File format (JSON Lines, written atomically): line 1 is a header
 * <pre>
 * {"kind": "emodistill.transitions", "schema_version": 1,
 *  "state_schema": {"version", "domain_features", "dimension", "feature_names"},
 *  "reward": {"name", "formula"}, "source": {"path", "sha256"},
 *  "counts": {"episodes_read", "episodes_used", "episodes_skipped": {"error", "no_emotion"}, "transitions"},
 *  "created_by": {...}}
 * </pre>
 * then one transition per line: {@code {"s": [...], "a": 0..27, "r", "s2": [...], "done": 0|1, "timeout": 0|1,
 * "episode_id", "t"}}, numbers rounded to 6 decimals. Transitions are rounded the same way when built, so a
 * dataset read back equals the one written.
 *
 * <p>Episodes are skipped, and counted, when they are errors (nothing was learned from a crash) or no-emotion
 * controls (the control is not an action). Every other episode is checked for consistency first
 * ({@link TransitionChecks}); one inconsistent episode rejects the whole export.
 */
public final class TransitionDataset {
    /** The header's {@code kind}. */
    public static final String KIND = "emodistill.transitions";
    /** Version of this file layout (the state layout has its own, {@link StateSchema#STATE_SCHEMA_VERSION}). */
    public static final int SCHEMA_VERSION = 1;
    private static final int DECIMALS = 6;

    private final StateSchema stateSchema;
    private final String rewardName;
    private final String rewardFormula;
    private final String sourcePath;
    private final String sourceSha256;
    private final TransitionCounts counts;
    private final List<Transition> transitions;

    private TransitionDataset(StateSchema stateSchema, String rewardName, String rewardFormula, String sourcePath,
                              String sourceSha256, TransitionCounts counts, List<Transition> transitions) {
        this.stateSchema = stateSchema;
        this.rewardName = rewardName;
        this.rewardFormula = rewardFormula;
        this.sourcePath = sourcePath;
        this.sourceSha256 = sourceSha256;
        this.counts = counts;
        this.transitions = List.copyOf(transitions);
    }

    /** Builds the dataset of a corpus file's episodes, recording the file's path and SHA-256. */
    public static TransitionDataset build(List<CorpusEpisode> episodes, Reward reward, StateSchema schema,
                                          Path corpusFile) {
        return build(episodes, reward, schema, corpusFile.toString(), Provenance.sha256(corpusFile));
    }

    /**
     * Builds the dataset: validates every non-error episode, skips errors and no-emotion controls, and makes one
     * transition per focal turn of the rest.
     *
     * @throws InputException naming the episode if one is inconsistent or lacks what the reward needs
     */
    public static TransitionDataset build(List<CorpusEpisode> episodes, Reward reward, StateSchema schema,
                                          String sourcePath, String sourceSha256) {
        Objects.requireNonNull(reward, "reward");
        StateBuilder states = new StateBuilder(schema);
        List<Transition> out = new ArrayList<>();
        int used = 0;
        int errors = 0;
        int controls = 0;
        for (CorpusEpisode e : episodes) {
            if (e.outcome() == Outcome.ERROR) {
                errors++;
                continue;
            }
            try {
                TransitionChecks.check(e);
            } catch (InputException ex) {
                throw new InputException(where(sourcePath) + ex.getMessage(), ex);
            }
            List<CorpusTurn> focal = e.focalTurns();
            if (focal.get(0).emotion().isControl()) {
                controls++;
                continue;
            }
            used++;
            float[] s = round(states.build(e, 0));
            for (int t = 0; t < focal.size(); t++) {
                float[] s2 = round(states.build(e, t + 1));
                boolean last = t == focal.size() - 1;
                double r = Json.round(reward.reward(e, t), DECIMALS);
                out.add(new Transition(s, focal.get(t).emotion().index(), r, s2,
                        last && (e.outcome() == Outcome.DEAL || e.outcome() == Outcome.WALKAWAY),
                        last && e.outcome() == Outcome.TIMEOUT, e.episodeId(), t));
                s = s2;
            }
        }
        TransitionCounts counts = new TransitionCounts(episodes.size(), used, errors, controls, out.size());
        return new TransitionDataset(schema, reward.name(), reward.formula(), sourcePath, sourceSha256, counts, out);
    }

    /**
     * A dataset of already-built transitions (the counterparty role's, {@link CounterpartyTransitions}), kept in
     * memory as if read from a file with this header.
     */
    static TransitionDataset of(StateSchema schema, String rewardName, String rewardFormula, String sourcePath,
                                String sourceSha256, TransitionCounts counts, List<Transition> transitions) {
        return new TransitionDataset(schema, rewardName, rewardFormula, sourcePath, sourceSha256, counts, transitions);
    }

    private static String where(String sourcePath) {
        return sourcePath == null ? "" : sourcePath + ": ";
    }

    private static float[] round(float[] x) {
        float[] r = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = (float) Json.round(x[i], DECIMALS);
        }
        return r;
    }

    public StateSchema stateSchema() {
        return stateSchema;
    }

    public String rewardName() {
        return rewardName;
    }

    public String rewardFormula() {
        return rewardFormula;
    }

    /** The corpus file it was built from, as given. */
    public String sourcePath() {
        return sourcePath;
    }

    public String sourceSha256() {
        return sourceSha256;
    }

    public TransitionCounts counts() {
        return counts;
    }

    public List<Transition> transitions() {
        return transitions;
    }

    /** The header object (line 1 of the file). */
    public ObjectNode header() {
        ObjectNode h = Json.object();
        h.put("kind", KIND);
        h.put("schema_version", SCHEMA_VERSION);
        h.set("state_schema", stateSchema.toJson());
        h.putObject("reward").put("name", rewardName).put("formula", rewardFormula);
        ObjectNode source = h.putObject("source");
        source.put("path", sourcePath);
        source.put("sha256", sourceSha256);
        ObjectNode c = h.putObject("counts");
        c.put("episodes_read", counts.episodesRead());
        c.put("episodes_used", counts.episodesUsed());
        c.putObject("episodes_skipped").put("error", counts.skippedError())
                .put("no_emotion", counts.skippedNoEmotion());
        c.put("transitions", counts.transitions());
        h.set("created_by", Provenance.createdBy("dataset"));
        return h;
    }

    /** Writes the header and every transition, atomically: the file is complete or absent. */
    public void write(Path file) {
        AtomicFiles.write(file, out -> {
            out.write(Json.line(header()));
            out.write('\n');
            for (Transition x : transitions) {
                out.write(Json.line(toJson(x)));
                out.write('\n');
            }
        });
    }

    static ObjectNode toJson(Transition x) {
        ObjectNode o = Json.object();
        putArray(o.putArray("s"), x.s());
        o.put("a", x.a());
        o.put("r", Json.round(x.r(), DECIMALS));
        putArray(o.putArray("s2"), x.s2());
        o.put("done", x.done() ? 1 : 0);
        o.put("timeout", x.timeout() ? 1 : 0);
        o.put("episode_id", x.episodeId());
        o.put("t", x.t());
        return o;
    }

    private static void putArray(ArrayNode a, float[] values) {
        for (float v : values) {
            a.add(Json.round(v, DECIMALS));
        }
    }

    /**
     * Reads and validates a dataset file: the header's kind and versions (file layout and state schema, whose
     * feature names must match this build's), every transition's fields, and the transition count.
     *
     * @throws InputException naming the file, line and field of the first problem
     */
    public static TransitionDataset read(Path file) {
        List<JsonLines.Line> lines = JsonLines.read(file);
        if (lines.isEmpty()) {
            throw InputException.at(file, 0, null, "empty file; expected a " + KIND + " header line");
        }
        TransitionReader.Header h = TransitionReader.header(lines.get(0));
        List<Transition> transitions = new ArrayList<>(lines.size() - 1);
        for (int i = 1; i < lines.size(); i++) {
            transitions.add(TransitionReader.transition(lines.get(i), h.schema().dimension()));
        }
        if (transitions.size() != h.counts().transitions()) {
            throw InputException.at(file, lines.get(0).number(), "counts.transitions", "header says "
                    + h.counts().transitions() + " transitions but the file has " + transitions.size()
                    + " (truncated or appended to?)");
        }
        return new TransitionDataset(h.schema(), h.rewardName(), h.rewardFormula(), h.sourcePath(),
                h.sourceSha256(), h.counts(), transitions);
    }

    /** The number of actions (GoEmotions labels); the no-emotion control is not one. */
    public static int actionCount() {
        return Emotion.COUNT;
    }
}
