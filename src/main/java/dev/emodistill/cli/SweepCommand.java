package dev.emodistill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.corpus.CorpusDir;
import dev.emodistill.corpus.Sweep;
import dev.emodistill.corpus.SweepConfig;
import dev.emodistill.domain.Scenario;
import dev.emodistill.domain.ScenarioSplit;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.io.Provenance;
import dev.emodistill.negotiation.EmotionPolicies;
import dev.emodistill.sim.Persona;
import dev.emodistill.sim.Personas;
import dev.emodistill.sim.SimWorld;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code emodistill sweep}: build an offline corpus by an emotion sweep, resumably. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Build an offline corpus: play scenarios x seeds x personas with the random emotion policy "
                + "(or x emotions with the fixed policy) and log every turn.",
                "With --expresser llm, --counterparty llm or --classifier llm those roles run on a chat model (docs/llm.md); "
                        + "episodes whose model calls failed are recorded with outcome 'error' and retried on a rerun.",
                "With --role counterparty the sweep policy chooses the counterparty's emotions instead (the persona keeps "
                        + "its tactic and response) against the embedded focal agent playing --focal-policy; train a "
                        + "counterparty selector on it with 'emodistill train selector --corpus' (or export its transitions "
                        + "with 'emodistill counterparty-dataset') (docs/tournament.md).",
                "Writes OUT/manifest.json and OUT/episodes.jsonl. Safe to interrupt at any moment: running the same "
                        + "command again resumes and completes the sweep with every planned episode exactly once; the "
                        + "result is identical for any --workers. A folder made with other options is refused."})
final class SweepCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin
    WorldOptions world;
    @CommandLine.Mixin
    RoleOptions roles;
    @CommandLine.Mixin
    LlmOptions llm;
    @Option(names = "--retry-errors", negatable = true, description = "on a rerun, play again the episodes an earlier "
            + "run recorded as errors (default: on; with the LLM cache only the failed calls are made again)")
    Boolean retryErrors;
    @Option(names = "--generate", defaultValue = "100",
            description = "without --scenarios: generate this many scenarios from --seed (default: ${DEFAULT-VALUE})")
    int generate;
    @Option(names = "--split", defaultValue = "train",
            description = "which side of the 80/20 scenario split to sweep: train, test or all (default: ${DEFAULT-VALUE})")
    String split;
    @Option(names = "--seeds", defaultValue = "50", description = "seeds per scenario and persona (default: ${DEFAULT-VALUE})")
    int seeds;
    @Option(names = "--policy", defaultValue = "random",
            description = "random (uniform over 28 emotions each turn) or fixed (one emotion per episode, each of --emotions)")
    String policy;
    @Option(names = "--emotions", description = "fixed policy only: comma-separated emotions (default: all 28; 'none' adds the no-emotion control)")
    String emotions;
    @Option(names = "--personas", defaultValue = "training",
            description = "comma-separated personas, or training / heldout / all (default: ${DEFAULT-VALUE})")
    String personas;
    @Option(names = "--role", defaultValue = "focal", paramLabel = "focal|counterparty",
            description = "whose emotions the sweep policy chooses: the focal agent's (default) or the counterparty "
                    + "persona's, which keeps its bidding tactic and response profile")
    String role;
    @Option(names = "--focal-policy", paramLabel = "POLICY",
            description = "--role counterparty only: the embedded focal agent's emotion policy (no-emotion, random, "
                    + "fixed:EMOTION; default: random)")
    String focalPolicy;
    @Option(names = "--focal-response", paramLabel = "PERSONA",
            description = "give the focal agent this persona's emotion-response profile, mirrored onto its side, so "
                    + "the counterparty's displayed emotions move its concessions, walk-aways and acceptance (default: "
                    + "none, the focal agent ignores emotion); a counterparty-role sweep needs it for the "
                    + "counterparty's emotions to matter")
    String focalResponse;
    @Option(names = "--out", required = true, description = "corpus folder (created, or resumed if it holds this sweep)")
    Path out;
    @Option(names = "--json", description = "print one JSON object instead of text")
    boolean json;

    @Override
    public Integer call() {
        Options.positive("--seeds", seeds);
        String p = policy.trim().toLowerCase(Locale.ROOT);
        if (!p.equals(SweepConfig.RANDOM) && !p.equals(SweepConfig.FIXED)) {
            throw new InputException("--policy must be random or fixed, got '" + policy + "'");
        }
        if (!List.of("train", "test", "all").contains(split)) {
            throw new InputException("--split must be train, test or all, got '" + split + "'");
        }
        List<Emotion> emotionList = emotionList(p);
        List<Persona> personaList = Personas.parseList(personas);
        boolean counterpartyRole = counterpartyRole();
        String focal = focalPolicy(counterpartyRole);
        Persona responder = focalResponse == null ? null : Personas.get(focalResponse);
        List<Scenario> scenarios;
        ObjectNode source = Json.object();
        String path = null;
        if (world.scenarioFile != null) {
            scenarios = world.scenarios(0);
            source.put("type", "file");
            source.put("sha256", Provenance.sha256(world.scenarioFile));
            path = world.scenarioFile.toAbsolutePath().normalize().toString();
        } else {
            scenarios = world.scenarios(Options.positive("--generate", generate));
            source.put("type", "generated");
            source.put("count", generate);
            source.put("seed", world.seed);
        }
        LlmRun llmRun = LlmRun.forWorld(llm, roles, world.protocol.classifier, retryErrors);
        if (counterpartyRole && llmRun.usesLlm()) {
            throw new InputException("--role counterparty plays the embedded world (the personas' tactics, the "
                    + "template expresser, the built-in perception); drop the chat-model options");
        }
        SimWorld sim = llmRun.world(world.protocol.protocol(), personaList).withFocalResponse(responder);
        SweepConfig config = new SweepConfig(world.domain(), source, split, seeds, p,
                personaList.stream().map(Persona::name).toList(), emotionList, world.seed,
                sim.protocol().maxMessages(), sim.protocol().tolerance().describe(), sim.perception().describe(), path,
                llmRun.worldProvenance())
                .withFocalResponse(responder == null ? null : responder.name());
        if (counterpartyRole) {
            config = config.inCounterpartyRole(focal);
        }
        SweepConfig planned = config;
        Terminal t = new Terminal(spec);
        long start = System.nanoTime();
        Progress[] progress = new Progress[1];
        CorpusDir corpus = CorpusDir.at(out);
        // The sweep rewrites its manifest; the usage records of earlier runs are carried over by hand.
        JsonNode earlierUsage = previousUsage(corpus);
        Sweep.Result r;
        try {
            r = Sweep.run(planned, ScenarioSplit.of(scenarios), personaList, sim, corpus,
                    world.workers(), "sweep", new Sweep.Listener() {
                        @Override
                        public void start(int toPlay, int alreadyDone) {
                            if (alreadyDone > 0) {
                                t.log("resuming: " + alreadyDone + " episodes already in " + out + ", " + toPlay + " to go");
                            }
                            progress[0] = new Progress(t.err(), "sweep " + planned.domain().id(), toPlay);
                        }

                        @Override
                        public void episodeWritten() {
                            progress[0].step();
                        }
                    }, llmRun.config.retryErrors());
        } catch (RuntimeException e) {
            throw LlmRun.isLlmFailure(e) ? LlmRun.fail(e, "the episodes finished before it are kept in " + out
                    + "; run the same command again to resume") : e;
        } finally {
            if (progress[0] != null) {
                progress[0].finish();
                recordUsage(llmRun, corpus, earlierUsage, t);
            }
            llmRun.report(t);
        }
        if (r.retriedErrors() > 0) {
            t.log("retried " + r.retriedErrors() + " episode(s) that an earlier run recorded as errors");
        }
        if (r.errorEpisodes() > 0) {
            t.log("warning: " + r.errorEpisodes() + " episode(s) ended in an error (outcome 'error', reason recorded); "
                    + "run the same command again to retry them");
        }
        if (r.repairedTornLine()) {
            t.log("repaired a torn last line left by an interrupted run");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (json) {
            ObjectNode o = Json.object();
            o.put("out", out.toString());
            o.put("planned_episodes", r.planned());
            o.put("already_done", r.alreadyDone());
            o.put("played_now", r.completed());
            o.put("repaired_torn_line", r.repairedTornLine());
            o.put("error_episodes", r.errorEpisodes());
            o.put("retried_errors", r.retriedErrors());
            if (llmRun.usesLlm()) {
                o.set("llm", llmRun.usage());
            }
            o.put("seconds", Json.round(seconds, 2));
            t.json(o);
        } else {
            t.resultLine(String.format(Locale.ROOT, "sweep complete: %d episodes in %s (%d played now, %d resumed) in %.1f s",
                    r.planned(), out, r.completed(), r.alreadyDone(), seconds));
        }
        return Main.EXIT_OK;
    }

    /**
     * Appends this run's LLM usage (calls, cache hits, tokens, cost) to the manifest's {@code llm_usage} list, one
     * record per run, so a corpus built over several resumed runs keeps its whole bill.
     */
    @SuppressWarnings("try") // the lock is held for the read-modify-write, never referenced
    private static void recordUsage(LlmRun llmRun, CorpusDir corpus, JsonNode earlier, Terminal t) {
        if (!llmRun.usesLlm() && earlier == null || !corpus.hasManifest()) {
            return;
        }
        try (CorpusDir.Lock lock = corpus.lock()) {
            ObjectNode manifest = corpus.manifest();
            ArrayNode runs = manifest.putArray("llm_usage");
            if (earlier != null) {
                earlier.forEach(runs::add);
            }
            if (!llmRun.usesLlm()) {
                corpus.writeManifest(manifest);
                return;
            }
            ObjectNode u = llmRun.usage();
            u.put("recorded_at", java.time.Instant.now().toString());
            runs.add(u);
            corpus.writeManifest(manifest);
        } catch (RuntimeException e) {
            t.log("warning: could not record LLM usage in " + corpus.manifestFile() + ": " + e.getMessage());
        }
    }

    private static JsonNode previousUsage(CorpusDir corpus) {
        try {
            JsonNode u = corpus.hasManifest() ? corpus.manifest().get("llm_usage") : null;
            return u != null && u.isArray() ? u.deepCopy() : null;
        } catch (RuntimeException unreadable) {
            return null; // the sweep itself reports a bad manifest
        }
    }

    private boolean counterpartyRole() {
        return switch (role.trim().toLowerCase(Locale.ROOT)) {
            case "focal" -> false;
            case "counterparty" -> true;
            default -> throw new InputException("--role must be focal or counterparty, got '" + role + "'");
        };
    }

    /** The focal agent's policy of a counterparty-role sweep, checked and in its canonical name; null otherwise. */
    private String focalPolicy(boolean counterpartyRole) {
        if (!counterpartyRole) {
            if (focalPolicy != null) {
                throw new InputException("--focal-policy applies to --role counterparty only (in a focal-role sweep "
                        + "--policy is the focal agent's)");
            }
            return null;
        }
        String spec = focalPolicy == null ? SweepConfig.RANDOM : focalPolicy.trim().toLowerCase(Locale.ROOT);
        String name = EmotionPolicies.parse(spec).name();
        if (!name.equals(SweepConfig.RANDOM) && !name.equals("no-emotion") && !name.startsWith("fixed:")) {
            throw new InputException("--focal-policy must be no-emotion, random or fixed:EMOTION, got '" + focalPolicy
                    + "'");
        }
        return name;
    }

    private List<Emotion> emotionList(String p) {
        if (p.equals(SweepConfig.RANDOM)) {
            if (emotions != null) {
                throw new InputException("--emotions applies to --policy fixed only");
            }
            return List.of();
        }
        if (emotions == null) {
            return Emotion.GOEMOTIONS;
        }
        List<Emotion> out = new ArrayList<>();
        for (String part : emotions.split(",")) {
            Emotion e = Emotion.parse(part).orElseThrow(() -> new InputException("--emotions: unknown emotion '"
                    + part.trim() + "' (expected one of " + Emotion.labelsForHelp() + ", or none)"));
            if (!out.contains(e)) {
                out.add(e);
            }
        }
        if (out.isEmpty()) {
            throw new InputException("--emotions: no emotion given");
        }
        return out;
    }
}
