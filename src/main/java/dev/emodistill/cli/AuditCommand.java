package dev.emodistill.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.domain.Scenario;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.eval.Evaluation;
import dev.emodistill.eval.ExploitabilityAudit;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Provenance;
import dev.emodistill.report.AuditReport;
import dev.emodistill.sim.Persona;
import dev.emodistill.sim.Personas;
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
                        + "per phase. Writes audit.{json,csv,md,html} to --out."})
final class AuditCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin
    WorldOptions world;
    @Option(names = "--target", required = true, description = "sim:PERSONA (e.g. sim:vanilla, sim:stoic)")
    String target;
    @Option(names = "--generate", defaultValue = "20",
            description = "without --scenarios: number of generated scenarios (default: ${DEFAULT-VALUE})")
    int generate;
    @Option(names = "--seeds", defaultValue = "5", description = "seeds per scenario (default: ${DEFAULT-VALUE})")
    int seeds;
    @Option(names = "--selector", description = "also play a trained selector as adversary, e.g. iql:DIR")
    String selector;
    @Option(names = "--out", required = true, description = "folder for audit.json, audit.csv, audit.md, audit.html")
    Path out;
    @Option(names = "--json", description = "print audit.json's object instead of text")
    boolean json;

    @Override
    public Integer call() {
        Options.positive("--seeds", seeds);
        Options.positive("--generate", generate);
        Persona persona = targetPersona();
        List<Scenario> scenarios = world.scenarios(generate);
        List<Evaluation.Agent> extra = new ArrayList<>();
        if (selector != null) {
            if (!TrainedAgents.isTrained(selector)) {
                throw new InputException("--selector must name a trained agent such as iql:DIR, got '" + selector + "'");
            }
            TrainedAgents.Loaded a = TrainedAgents.load(selector);
            extra.add(new Evaluation.Agent(a.name(), a.policyForSeed()));
        }
        Terminal t = new Terminal(spec);
        Progress progress = new Progress(t.err(), "audit " + target,
                (long) (Emotion.COUNT + 2 + extra.size()) * scenarios.size() * seeds);
        ExploitabilityAudit.Result r = ExploitabilityAudit.run(world.world(), persona, scenarios, seeds, world.seed,
                world.workers(), extra, progress::step);
        progress.finish();
        AuditReport.write(out, r);
        ObjectNode o = r.toJson();
        o.put("domain", world.domain().id());
        o.set("created_by", Provenance.createdBy("audit"));
        if (json) {
            t.json(o);
        } else {
            t.resultLine(AuditReport.verdict(r));
            t.resultLine(String.format(Locale.ROOT, "report: %s", out.resolve("audit.html")));
        }
        return 0;
    }

    private Persona targetPersona() {
        String spec = target.trim();
        if (spec.toLowerCase(Locale.ROOT).startsWith("sim:")) {
            return Personas.get(spec.substring(4));
        }
        throw new InputException("--target must be sim:PERSONA (personas: "
                + String.join(", ", Personas.all().stream().map(Persona::name).toList()) + "), got '" + target + "'");
    }
}
