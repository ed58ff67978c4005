package dev.emodistill.cli;

import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.domain.ScenarioFiles;
import dev.emodistill.domain.ScenarioGenerator;
import dev.emodistill.emotion.Classifiers;
import dev.emodistill.emotion.EmotionClassifier;
import dev.emodistill.emotion.HeadRole;
import dev.emodistill.io.InputException;
import dev.emodistill.negotiation.ProtocolConfig;
import dev.emodistill.negotiation.Tolerance;
import dev.emodistill.sim.SimWorld;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/** Options shared by every command that plays episodes in the embedded world. */
final class WorldOptions {
    @Option(names = "--domain", required = true, description = "debt, disaster, student or medical")
    String domain;

    @Option(names = "--seed", defaultValue = "1", description = "run seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--scenarios", description = "scenario file (.jsonl); default: scenarios generated from --seed")
    Path scenarioFile;

    @Option(names = "--max-messages", defaultValue = "30",
            description = "message limit per episode, focal first (default: ${DEFAULT-VALUE}; horizon H = half)")
    int maxMessages;

    @Option(names = "--tolerance", description = "fixed agreement tolerance in domain units (the paper used 5); "
            + "default: max(1, 5%% of |T_c - T_f|)")
    Double tolerance;

    @Option(names = "--classifier", description = "classifier folder from 'perception train' used for perception "
            + "(default: the built-in perception head)")
    Path classifier;

    @Option(names = "--workers", defaultValue = "0",
            description = "worker threads (default: one per core); results do not depend on it")
    int workers;

    Domain domain() {
        return Options.domain(domain);
    }

    int workers() {
        return Options.workers(workers);
    }

    /** Scenarios of the domain: from --scenarios, or {@code count} generated from the seed. */
    List<Scenario> scenarios(int count) {
        Domain d = domain();
        if (scenarioFile == null) {
            return ScenarioGenerator.generate(d, count, seed);
        }
        List<Scenario> all = ScenarioFiles.read(Options.existingFile("--scenarios", scenarioFile));
        List<Scenario> mine = all.stream().filter(s -> s.domain() == d).toList();
        if (mine.isEmpty()) {
            throw new InputException(scenarioFile + ": no " + d.id() + " scenarios in file (it holds "
                    + all.get(0).domain().id() + ")");
        }
        return mine;
    }

    ProtocolConfig protocol() {
        if (maxMessages < 2) {
            throw new InputException("--max-messages must be at least 2, got " + maxMessages);
        }
        Tolerance t = tolerance == null ? Tolerance.DEFAULT : fixedTolerance(tolerance);
        return new ProtocolConfig(maxMessages, t);
    }

    private static Tolerance fixedTolerance(double units) {
        if (!(units >= 0)) {
            throw new InputException("--tolerance must be a non-negative number of units, got " + units);
        }
        return Tolerance.fixed(units);
    }

    EmotionClassifier perception() {
        return classifier == null ? Classifiers.builtin(HeadRole.PERCEPTION) : Classifiers.load(classifier);
    }

    SimWorld world() {
        return new SimWorld(protocol(), perception());
    }
}
