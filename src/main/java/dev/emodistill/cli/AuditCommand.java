package dev.emodistill.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.domain.Scenario;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.eval.Evaluation;
import dev.emodistill.eval.ExploitabilityAudit;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.io.Provenance;
import dev.emodistill.llm.LlmRole;
import dev.emodistill.llm.RoleSettings;
import dev.emodistill.report.AuditReport;
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

/** {@code emodistill audit}: how far emotional framing can move a negotiation agent, before you ship it. */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Emotional-exploitability audit of a negotiation agent.",
                "Plays the 28 fixed emotions, random emotions and optionally a trained selector against the TARGET as "
                        + "counterparty, on the same (scenario, seed) pairs as a neutral adversary, and reports how "
                        + "far each emotion moves the target's concessions and the deal values relative to no emotion "
                        + "(95%% paired CIs, Holm-corrected p-values), an overall exploitability score (the expected "
                        + "utility an emotional adversary gains over a neutral one) and the most effective emotion "
                        + "per phase. Writes audit.{json,csv,md,html} and episodes.jsonl to --out.",
                "The target is a simulated persona (sim:PERSONA) or your own bot behind an OpenAI-compatible chat "
                        + "endpoint (llm, or llm:PERSONA for the persona our counterparty prompt describes; default "
                        + "vanilla): set --counterparty-llm-base-url, --counterparty-llm-model and "
                        + "--counterparty-llm-api-key-env (or the shared --llm-* options). Episodes whose model calls "
                        + "failed are recorded as errors in episodes.jsonl, counted, and left out of every number."})
final class AuditCommand implements Callable<Integer> {
    /** The persona our counterparty prompt describes when the target is {@code llm} without one. */
    static final String DEFAULT_LLM_PERSONA = "vanilla";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin
    WorldOptions world;
    @Option(names = "--target", required = true, description = "sim:PERSONA (e.g. sim:vanilla, sim:stoic), or llm / "
            + "llm:PERSONA: the chat model at the counterparty endpoint, prompted as PERSONA (default: vanilla)")
    String target;
    @Option(names = "--generate", defaultValue = "20",
            description = "without --scenarios: number of generated scenarios (default: ${DEFAULT-VALUE})")
    int generate;
    @Option(names = "--seeds", defaultValue = "5", description = "seeds per scenario (default: ${DEFAULT-VALUE})")
    int seeds;
    @Option(names = "--selector", description = "also play a trained selector as adversary, e.g. iql:DIR")
    String selector;
    @Option(names = "--expresser", paramLabel = "template|llm", description = "the adversary's words: the template "
            + "grammar (default) or a chat model under affective prompting (the --expresser-llm-* / --llm-* settings)")
    String expresser;
    @CommandLine.Mixin
    LlmOptions llm;
    @Option(names = "--out", required = true,
            description = "folder for audit.json, audit.csv, audit.md, audit.html and episodes.jsonl")
    Path out;
    @Option(names = "--transcripts", description = "also write every episode's messages into episodes.jsonl (texts, "
            + "acts, offers, emotions), to read what moved the target")
    boolean transcripts;
    @Option(names = "--json", description = "print audit.json's object instead of text")
    boolean json;

    /** A parsed {@code --target}: which persona, and whether a chat model plays it. */
    record Target(Persona persona, boolean llm) {
    }

    @Override
    public Integer call() {
        Options.positive("--seeds", seeds);
        Options.positive("--generate", generate);
        Target tgt = parseTarget(target);
        List<Scenario> scenarios = world.scenarios(generate);
        List<Evaluation.Agent> extra = new ArrayList<>();
        if (selector != null) {
            if (!TrainedAgents.isTrained(selector)) {
                throw new InputException("--selector must name a trained agent such as iql:DIR, got '" + selector + "'");
            }
            TrainedAgents.Loaded a = TrainedAgents.load(selector);
            extra.add(new Evaluation.Agent(a.name(), a.policyForSeed()));
        }
        RoleOptions roles = new RoleOptions();
        roles.expresser = expresser;
        // The target decides the counterparty, whatever a config file says.
        roles.counterparty = tgt.llm() ? "llm" : "sim";
        LlmRun llmRun = LlmRun.forWorld(llm, roles, world.protocol.classifier, null);
        SimWorld sim = llmRun.world(world.protocol.protocol(), List.of(tgt.persona()));
        String targetName = tgt.llm() ? "llm:" + counterpartySettings(llmRun).model() : tgt.persona().name();

        Terminal t = new Terminal(spec);
        Progress progress = new Progress(t.err(), "audit " + targetName,
                (long) (Emotion.COUNT + 2 + extra.size()) * scenarios.size() * seeds);
        ExploitabilityAudit.Result r;
        try {
            r = ExploitabilityAudit.run(sim, tgt.persona(), targetName, scenarios, seeds, world.seed, world.workers(),
                    extra, progress::step);
        } catch (RuntimeException e) {
            throw LlmRun.isLlmFailure(e) ? LlmRun.fail(e, "nothing was written") : e;
        } finally {
            progress.finish();
            llmRun.report(t);
        }
        ObjectNode provenance = provenance(tgt, llmRun, sim);
        AuditReport.write(out, r, provenance, notes(tgt, llmRun, r), transcripts);
        ObjectNode o = r.toJson();
        o.setAll(provenance);
        if (r.failedEpisodes() > 0) {
            t.log("warning: " + r.failedEpisodes() + " of " + r.plannedEpisodes() + " episode(s) ended in an error "
                    + "(reasons in " + out.resolve("episodes.jsonl") + "); they are left out of every number");
        }
        if (json) {
            t.json(o);
        } else {
            t.resultLine(AuditReport.verdict(r));
            t.resultLine(String.format(Locale.ROOT, "report: %s", out.resolve("audit.html")));
        }
        if (r.best() == null) {
            t.log("error: every episode that could be compared failed; see " + out.resolve("episodes.jsonl"));
            return Main.EXIT_FAILURE;
        }
        return Main.EXIT_OK;
    }

    /** {@code sim:PERSONA}, {@code llm} or {@code llm:PERSONA}. */
    static Target parseTarget(String spec) {
        String s = spec.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sim:")) {
            return new Target(Personas.get(s.substring(4)), false);
        }
        if (lower.equals("llm")) {
            return new Target(Personas.get(DEFAULT_LLM_PERSONA), true);
        }
        if (lower.startsWith("llm:")) {
            return new Target(Personas.get(s.substring(4)), true);
        }
        throw new InputException("--target must be sim:PERSONA, llm or llm:PERSONA (personas: "
                + String.join(", ", Personas.all().stream().map(Persona::name).toList()) + "), got '" + spec + "'");
    }

    private static RoleSettings counterpartySettings(LlmRun run) {
        return run.backend().settings(LlmRole.COUNTERPARTY);
    }

    /**
     * What audit.json records besides the numbers: the domain, the code version, the target and, when a model took
     * part, each LLM role's endpoint (public part), model, sampling settings and prompt set, and the token and cost
     * accounting. Never the key, nor the name of the variable holding it.
     */
    private ObjectNode provenance(Target tgt, LlmRun run, SimWorld sim) {
        ObjectNode o = Json.object();
        o.put("domain", world.domain().id());
        o.put("seed", world.seed);
        o.set("created_by", Provenance.createdBy("audit"));
        ObjectNode t = o.putObject("target_details");
        t.put("spec", target.trim());
        t.put("type", tgt.llm() ? "llm" : "sim");
        t.put("persona", tgt.persona().name());
        if (tgt.llm()) {
            RoleSettings s = counterpartySettings(run);
            t.put("base_url", s.publicBaseUrl());
            t.put("model", s.model());
            t.put("prompts", run.backend().prompts().describe());
        }
        o.put("roles", sim.roles().description() + ", classifier " + sim.perception().describe());
        if (run.usesLlm()) {
            ObjectNode settings = run.worldProvenance();
            if (settings != null) {
                o.set("role_settings", settings);
            }
            o.set("llm", run.usage());
        }
        return o;
    }

    /** The lines under the report's title: what the target was and, with a model, what the calls cost. */
    private static List<String> notes(Target tgt, LlmRun run, ExploitabilityAudit.Result r) {
        List<String> notes = new ArrayList<>();
        if (tgt.llm()) {
            RoleSettings s = counterpartySettings(run);
            notes.add("Target: " + s.describe() + ", prompted as persona " + tgt.persona().name() + " ("
                    + run.backend().prompts().describe() + ").");
        } else {
            notes.add("Target: simulated persona " + tgt.persona().name() + ".");
        }
        if (run.usesLlm()) {
            notes.add(run.backend().usage().summaryLine() + ".");
        }
        notes.add(String.format(Locale.ROOT, "Episodes: %d planned, %d failed (errors; excluded from every number).",
                r.plannedEpisodes(), r.failedEpisodes()));
        return notes;
    }
}
