package dev.emodistill.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.corpus.CorpusDir;
import dev.emodistill.corpus.ScenarioProvenance;
import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.domain.ScenarioFiles;
import dev.emodistill.eval.FixedBest;
import dev.emodistill.eval.Stats;
import dev.emodistill.eval.Tournament;
import dev.emodistill.io.AtomicFiles;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.io.Provenance;
import dev.emodistill.negotiation.EmotionPolicies;
import dev.emodistill.negotiation.EmotionPolicy;
import dev.emodistill.negotiation.Role;
import dev.emodistill.report.Table;
import dev.emodistill.report.Tables;
import dev.emodistill.rl.LearnedPolicy;
import dev.emodistill.rl.SelectorCheckpoint;
import dev.emodistill.rl.SelectorModel;
import dev.emodistill.sim.Persona;
import dev.emodistill.sim.Personas;
import dev.emodistill.sim.Seeds;
import dev.emodistill.sim.SimWorld;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code emodistill tournament}: every focal agent against every counterparty, trained or not. */
@Command(name = "tournament", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trained-vs-trained tournament (DESIGN §10): a round-robin of focal agents against counterparties "
                + "on identical (scenario, seed) pairs.",
                "Per match: the focal agent's expected utility (u on a deal, 0 without) and the counterparty's (1 - u "
                        + "on a deal, 0 without), each with a 95%% bootstrap interval over scenarios; the side with the "
                        + "higher one wins the match. Standings rank focal agents by their mean expected utility over "
                        + "all counterparties and counterparties by theirs over all focal agents.",
                "Focal agents as in evaluate (no-emotion, random, fixed:EMOTION, fixed:best, iql:DIR, ...). "
                        + "Counterparties: persona:NAME (an untrained persona; persona:training for the four training "
                        + "personas) or iql-cp:DIR (a counterparty selector from 'train selector' on a counterparty-role "
                        + "dataset, bargaining with the vanilla persona's tactic and response; iql-cp@PERSONA:DIR for "
                        + "another persona's; DIR1+DIR2 pools training seeds).",
                "Writes OUT/matches.jsonl, matches.csv, standings.json, standings.csv and standings.md "
                        + "(docs/tournament.md)."})
final class TournamentCommand implements Callable<Integer> {
    /** The body a trained counterparty bargains with unless its spec names another persona. */
    static final String DEFAULT_BODY = "vanilla";
    static final String KIND = "emodistill.tournament";
    static final int SCHEMA_VERSION = 1;
    private static final List<String> SELECTOR_KINDS = List.of("iql", "bc", "dqn", "cql");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin
    ProtocolOptions protocol;
    @Option(names = "--domain", required = true, description = "debt, disaster, student or medical")
    String domain;
    @Option(names = "--focal", required = true, description = "comma-separated focal agents")
    String focal;
    @Option(names = "--counterparty", required = true, description = "comma-separated counterparties")
    String counterparty;
    @Option(names = "--scenarios", defaultValue = "test",
            description = "test (held-out scenarios from the first trained agent's provenance or --corpus), train, "
                    + "all, or a scenario file (default: ${DEFAULT-VALUE})")
    String scenarios;
    @Option(names = "--corpus", description = "corpus folder whose manifest says which scenarios are held out")
    Path corpus;
    @Option(names = "--seeds", defaultValue = "10", description = "seeds per scenario (default: ${DEFAULT-VALUE})")
    int seeds;
    @Option(names = "--seed", defaultValue = "1", description = "tournament seed (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--focal-response", paramLabel = "PERSONA",
            description = "give the focal agents this persona's emotion-response profile (as in 'sweep "
                    + "--focal-response'; use the one the counterparty selectors were trained against); default: none")
    String focalResponse;
    @Option(names = "--best-seeds", defaultValue = "2",
            description = "seeds of the short fixed-emotion sweep on training scenarios that picks fixed:best "
                    + "(default: ${DEFAULT-VALUE})")
    int bestSeeds;
    @Option(names = "--allow-train-scenarios", description = "allow playing on scenarios an agent was trained on")
    boolean allowTrain;
    @Option(names = "--out", required = true, description = "folder for matches.* and standings.*")
    Path out;
    @Option(names = "--json", description = "print standings.json instead of the Markdown tables")
    boolean json;

    /** A counterparty spec resolved. */
    private record Entrant(Tournament.CounterpartyAgent agent, ScenarioProvenance scenarios) {
    }

    @Override
    public Integer call() {
        Options.positive("--seeds", seeds);
        Domain d = Options.domain(domain);
        List<String> focalSpecs = AgentSpecs.split(focal);
        List<String> cpSpecs = AgentSpecs.split(counterparty);
        if (focalSpecs.isEmpty() || cpSpecs.isEmpty()) {
            throw new InputException("--focal and --counterparty each need at least one agent");
        }
        Persona responder = focalResponse == null ? null : Personas.get(focalResponse);
        SimWorld world = protocol.world().withFocalResponse(responder);

        List<TrainedAgents.Loaded> trained = new ArrayList<>();
        for (String s : focalSpecs) {
            if (TrainedAgents.isTrained(s)) {
                TrainedAgents.Loaded a = TrainedAgents.load(s);
                // Creating one policy now refuses a selector of the other role before anything is played.
                a.policyForSeed().apply(0);
                trained.add(a);
            }
        }
        List<Entrant> entrants = new ArrayList<>();
        for (String s : cpSpecs) {
            entrants.addAll(counterparties(s));
        }
        ScenarioProvenance provenance = trained.stream().map(TrainedAgents.Loaded::scenarios).filter(Objects::nonNull)
                .findFirst().orElse(entrants.stream().map(Entrant::scenarios).filter(Objects::nonNull).findFirst()
                        .orElse(corpus != null ? ScenarioProvenance.ofCorpus(CorpusDir.at(corpus)) : null));
        if (provenance != null && provenance.domain() != d) {
            throw new InputException("--domain " + d.id() + " but the agents were trained on "
                    + provenance.domain().id() + " scenarios");
        }
        List<Scenario> played = resolveScenarios(d, provenance);
        checkNoLeak(played, trained, entrants, provenance);

        FixedBest best = null;
        List<Tournament.FocalAgent> focalAgents = new ArrayList<>();
        int trainedIndex = 0;
        for (String s : focalSpecs) {
            if (TrainedAgents.isTrained(s)) {
                TrainedAgents.Loaded a = trained.get(trainedIndex++);
                focalAgents.add(new Tournament.FocalAgent(a.name(), a.policyForSeed(), a.expresser()));
            } else if (s.equalsIgnoreCase("fixed:best")) {
                best = fixedBest(world, provenance);
                var emotion = best.emotion();
                focalAgents.add(Tournament.FocalAgent.of("fixed:best=" + emotion.label(),
                        () -> EmotionPolicies.fixed(emotion)));
            } else {
                String name = EmotionPolicies.parse(s).name();
                focalAgents.add(Tournament.FocalAgent.of(name, () -> EmotionPolicies.parse(s)));
            }
        }
        List<Tournament.CounterpartyAgent> cps = entrants.stream().map(Entrant::agent).toList();
        Terminal t = new Terminal(spec);
        boolean speaksWithLm = focalAgents.stream().anyMatch(a -> a.expresser() != null);
        Progress progress = new Progress(t.err(), "tournament " + d.id(),
                (long) focalAgents.size() * cps.size() * played.size() * seeds);
        Tournament.Result r;
        try {
            r = Tournament.run(world, focalAgents, cps, played, seeds, seed,
                    speaksWithLm ? Math.max(protocol.workers(), LmAgents.LM_WORKERS) : protocol.workers(),
                    progress::step);
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage());
        } finally {
            progress.finish();
            if (speaksWithLm) {
                LmAgents.closeAll();
            }
        }
        ObjectNode standings = standingsJson(d, played, world, cps, r, best);
        AtomicFiles.write(out.resolve("matches.jsonl"), w -> {
            for (Tournament.Match m : r.matches()) {
                ObjectNode o = Json.object();
                o.put("schema_version", SCHEMA_VERSION);
                o.setAll(m.toJson());
                w.write(Json.line(o));
                w.write('\n');
            }
        });
        AtomicFiles.writeString(out.resolve("matches.csv"), Tables.csv(matchesTable(r)));
        AtomicFiles.writeString(out.resolve("standings.json"), Json.pretty(standings) + "\n");
        AtomicFiles.writeString(out.resolve("standings.csv"), Tables.csv(standingsTable(r)));
        AtomicFiles.writeString(out.resolve("standings.md"), markdown(d, r, best));
        if (json) {
            t.json(standings);
        } else {
            t.result(markdown(d, r, best));
            t.resultLine("wrote matches.jsonl, matches.csv, standings.json, standings.csv and standings.md to");
            t.resultLine(out.toAbsolutePath().normalize().toString());
        }
        return Main.EXIT_OK;
    }

    /** persona:LIST expands to one untrained persona each; KIND-cp[@PERSONA]:DIR[+DIR...] loads selectors. */
    private List<Entrant> counterparties(String spec) {
        int colon = spec.indexOf(':');
        String head = colon < 0 ? spec : spec.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        if (head.equals("persona")) {
            return Personas.parseList(spec.substring(colon + 1)).stream()
                    .map(p -> new Entrant(Tournament.CounterpartyAgent.persona(p), null)).toList();
        }
        int at = head.indexOf('@');
        String kind = at < 0 ? head : head.substring(0, at);
        if (colon < 0 || !kind.endsWith("-cp") || !SELECTOR_KINDS.contains(kind.substring(0, kind.length() - 3))) {
            throw new InputException("unknown counterparty '" + spec + "' (expected persona:NAME, persona:training, "
                    + "iql-cp:DIR, iql-cp@PERSONA:DIR or DIR1+DIR2 pooled; bc-cp, dqn-cp and cql-cp likewise)");
        }
        String algorithm = kind.substring(0, kind.length() - 3);
        Persona body = Personas.get(at < 0 ? DEFAULT_BODY : head.substring(at + 1));
        List<SelectorModel> models = new ArrayList<>();
        ScenarioProvenance scenarios = null;
        for (String part : spec.substring(colon + 1).split("\\+")) {
            Path dir = Path.of(part.trim());
            SelectorCheckpoint.Loaded c = SelectorCheckpoint.load(dir);
            if (!c.model().algorithm().equals(algorithm)) {
                throw new InputException("counterparty '" + spec + "': " + dir + " holds a " + c.model().algorithm()
                        + " checkpoint, not " + algorithm);
            }
            if (c.model().schema().role() != Role.COUNTERPARTY) {
                throw new InputException("counterparty '" + spec + "': " + dir + " holds a focal-role selector (its "
                        + "state schema has no counterparty role), which cannot play the counterparty; give it as a "
                        + "focal agent (--focal " + algorithm + ":" + dir + ") or train a counterparty selector on a "
                        + "counterparty-role dataset (docs/tournament.md)");
            }
            var m = c.manifest();
            if (!m.has("scenarios")) {
                throw new InputException("counterparty '" + spec + "': " + dir + " records no scenario provenance, so "
                        + "the held-out scenarios cannot be checked; train it from a dataset beside its corpus");
            }
            Domain trainedOn = Domain.parse(m.path("domain").asText()).orElseThrow(() -> new InputException(
                    dir.resolve(SelectorCheckpoint.MANIFEST) + ", field 'domain': unknown domain"));
            ScenarioProvenance sp = ScenarioProvenance.fromJson(m.get("scenarios"), trainedOn,
                    dir.resolve(SelectorCheckpoint.MANIFEST).toString());
            if (scenarios != null && !scenarios.testIds().equals(sp.testIds())) {
                throw new InputException("counterparty '" + spec + "': its checkpoints were trained on different "
                        + "scenario splits");
            }
            scenarios = sp;
            models.add(c.model());
        }
        String name = spec.trim();
        List<SelectorModel> pool = List.copyOf(models);
        java.util.function.IntFunction<EmotionPolicy> display =
                k -> LearnedPolicy.counterparty(name, pool.get(k % pool.size()), 0);
        display.apply(0);
        return List.of(new Entrant(new Tournament.CounterpartyAgent(name, body, display), scenarios));
    }

    private List<Scenario> resolveScenarios(Domain d, ScenarioProvenance provenance) {
        String which = scenarios.trim().toLowerCase(Locale.ROOT);
        if (which.equals("test") || which.equals("train") || which.equals("all")) {
            if (provenance == null) {
                throw new InputException("--scenarios " + which + " needs a trained agent's provenance or --corpus DIR "
                        + "to know which scenarios are held out; or pass a scenario file");
            }
            Set<String> ids = new LinkedHashSet<>();
            if (!which.equals("test")) {
                ids.addAll(provenance.trainIds());
            }
            if (!which.equals("train")) {
                ids.addAll(provenance.testIds());
            }
            List<Scenario> chosen = which.equals("test") ? provenance.test() : which.equals("train")
                    ? provenance.train() : provenance.select(ids);
            if (chosen.isEmpty()) {
                throw new InputException("no " + which + " scenarios recorded in the provenance");
            }
            return chosen;
        }
        Path file = Options.existingFile("--scenarios", Path.of(scenarios));
        List<Scenario> mine = ScenarioFiles.read(file).stream().filter(s -> s.domain() == d).toList();
        if (mine.isEmpty()) {
            throw new InputException(file + ": no " + d.id() + " scenarios in file");
        }
        return mine;
    }

    private void checkNoLeak(List<Scenario> played, List<TrainedAgents.Loaded> trained, List<Entrant> entrants,
                             ScenarioProvenance provenance) {
        if (allowTrain) {
            return;
        }
        Set<String> trainIds = new LinkedHashSet<>();
        trained.stream().filter(a -> a.scenarios() != null).forEach(a -> trainIds.addAll(a.scenarios().trainIds()));
        entrants.stream().filter(e -> e.scenarios() != null).forEach(e -> trainIds.addAll(e.scenarios().trainIds()));
        if (provenance != null) {
            trainIds.addAll(provenance.trainIds());
        }
        List<String> leaked = played.stream().map(Scenario::id).filter(trainIds::contains).toList();
        if (!leaked.isEmpty()) {
            throw new InputException(leaked.size() + " of the " + played.size() + " tournament scenarios were used "
                    + "for training (e.g. " + leaked.get(0) + "); play on held-out scenarios (--scenarios test) or "
                    + "pass --allow-train-scenarios");
        }
    }

    /** fixed:best in the tournament's world, chosen on training scenarios against the training personas. */
    private FixedBest fixedBest(SimWorld world, ScenarioProvenance provenance) {
        if (provenance == null) {
            throw new InputException("fixed:best needs training scenarios: give a trained agent or --corpus");
        }
        Options.positive("--best-seeds", bestSeeds);
        return FixedBest.fromSweep(world, provenance.train(), Personas.training(), bestSeeds,
                Seeds.derive(seed, "fixed-best"), protocol.workers());
    }

    private ObjectNode standingsJson(Domain d, List<Scenario> played, SimWorld world,
                                     List<Tournament.CounterpartyAgent> cps, Tournament.Result r, FixedBest best) {
        ObjectNode o = Json.object();
        o.put("kind", KIND);
        o.put("schema_version", SCHEMA_VERSION);
        o.set("created_by", Provenance.createdBy("tournament"));
        o.put("domain", d.id());
        o.put("scenarios", scenarios);
        o.put("scenario_count", played.size());
        ArrayNode ids = o.putArray("scenario_ids");
        played.forEach(s -> ids.add(s.id()));
        o.put("seeds", seeds);
        o.put("seed", seed);
        o.put("max_messages", world.protocol().maxMessages());
        o.put("tolerance", world.protocol().tolerance().describe());
        o.put("perception", world.perception().describe());
        if (world.focalResponse() == null) {
            o.putNull("focal_response");
        } else {
            o.put("focal_response", world.focalResponse().name());
        }
        o.put("design", "round-robin: every focal agent against every counterparty on the same (scenario, seed) "
                + "pairs; the episode seed depends on the scenario and the seed index only");
        ObjectNode f = o.putObject("formulas");
        f.put("focal_utility", "u = clip((T_c - x) / span, 0, 1) for a deal at x, 0 without a deal");
        f.put("counterparty_utility", "1 - u on a deal, 0 without a deal");
        f.put("expected_utility", "mean over the match's episodes, failures counted as 0; 95% CI by a bootstrap "
                + "that resamples scenarios");
        f.put("winner", "the side whose expected utility in the match is higher; a draw when equal");
        f.put("standings", "focal agents by mean focal expected utility over all counterparties, counterparties by "
                + "mean counterparty expected utility over all focal agents; ties by wins, then the order given; "
                + "points = wins + draws / 2");
        ArrayNode c = o.putArray("counterparties");
        for (Tournament.CounterpartyAgent a : cps) {
            c.addObject().put("name", a.name()).put("body", a.body().name()).put("trained", a.trained());
        }
        if (best != null) {
            ObjectNode b = o.putObject("fixed_best");
            b.put("emotion", best.emotion().label());
            b.put("source", best.source() + ", in the tournament's world");
            ObjectNode eus = b.putObject("expected_utilities");
            best.expectedUtilities().forEach((e, v) -> eus.put(e.label(), Json.round(v, 4)));
        }
        ArrayNode fs = o.putArray("focal_standings");
        r.focal().forEach(s -> fs.add(s.toJson()));
        ArrayNode cs = o.putArray("counterparty_standings");
        r.counterparty().forEach(s -> cs.add(s.toJson()));
        ArrayNode ms = o.putArray("matches");
        r.matches().forEach(m -> ms.add(m.toJson()));
        return o;
    }

    static Table standingsTable(Tournament.Result r) {
        List<List<String>> rows = new ArrayList<>();
        for (List<Tournament.Standing> list : List.of(r.focal(), r.counterparty())) {
            for (Tournament.Standing s : list) {
                rows.add(List.of(s.role().label(), Integer.toString(s.rank()), s.agent(), d(s.meanUtility()),
                        d(s.ci().low()), d(s.ci().high()), Integer.toString(s.wins()), Integer.toString(s.draws()),
                        Integer.toString(s.losses()), d(s.points())));
            }
        }
        return new Table(List.of("role", "rank", "agent", "mean_utility", "ci_low", "ci_high", "wins", "draws",
                "losses", "points"), rows);
    }

    static Table matchesTable(Tournament.Result r) {
        List<List<String>> rows = new ArrayList<>();
        for (Tournament.Match m : r.matches()) {
            var s = m.focalSummary();
            Role w = m.winner();
            rows.add(List.of(m.focal(), m.counterparty(), Integer.toString(s.episodes()), d(s.expectedUtility()),
                    d(s.expectedUtilityCi().low()), d(s.expectedUtilityCi().high()), d(m.counterpartyExpectedUtility()),
                    d(m.counterpartyCi().low()), d(m.counterpartyCi().high()), d(s.successRate()), d(s.walkawayRate()),
                    d(s.timeoutRate()), d(s.meanRounds()), w == null ? "draw" : w.label()));
        }
        return new Table(List.of("focal", "counterparty", "episodes", "focal_expected_utility", "focal_ci_low",
                "focal_ci_high", "counterparty_expected_utility", "counterparty_ci_low", "counterparty_ci_high",
                "success_rate", "walkaway_rate", "timeout_rate", "mean_rounds", "winner"), rows);
    }

    static String markdown(Domain d, Tournament.Result r, FixedBest best) {
        StringBuilder s = new StringBuilder();
        s.append("## tournament: ").append(d.id()).append("\n\n");
        if (best != null) {
            s.append("fixed:best = ").append(best.emotion().label()).append(" (").append(best.source())
                    .append(", in the tournament's world)\n\n");
        }
        for (Role role : Role.values()) {
            List<Tournament.Standing> list = role == Role.FOCAL ? r.focal() : r.counterparty();
            s.append("### ").append(role == Role.FOCAL ? "Focal agents (mean expected utility over all counterparties)"
                    : "Counterparties (mean expected utility 1 - u over all focal agents)").append("\n\n");
            List<List<String>> rows = new ArrayList<>();
            for (Tournament.Standing x : list) {
                rows.add(List.of(Integer.toString(x.rank()), x.agent(), ci(x.meanUtility(), x.ci()),
                        Integer.toString(x.wins()), Integer.toString(x.draws()), Integer.toString(x.losses())));
            }
            s.append(Tables.markdown(List.of("rank", "agent", "mean utility [95% CI]", "wins", "draws", "losses"), rows))
                    .append('\n');
        }
        s.append("### Matches (focal EU / counterparty EU)\n\n");
        List<List<String>> rows = new ArrayList<>();
        for (Tournament.Match m : r.matches()) {
            Role w = m.winner();
            rows.add(List.of(m.focal(), m.counterparty(), ci(m.focalSummary().expectedUtility(),
                    m.focalSummary().expectedUtilityCi()), ci(m.counterpartyExpectedUtility(), m.counterpartyCi()),
                    String.format(Locale.ROOT, "%.3f", m.focalSummary().successRate()), w == null ? "draw" : w.label()));
        }
        s.append(Tables.markdown(List.of("focal", "counterparty", "focal EU [95% CI]", "counterparty EU [95% CI]",
                "success rate", "winner"), rows));
        return s.toString();
    }

    private static String ci(double v, Stats.Interval ci) {
        return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", v, ci.low(), ci.high());
    }

    private static String d(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }
}
