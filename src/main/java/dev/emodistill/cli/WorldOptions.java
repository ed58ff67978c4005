package dev.emodistill.cli;

import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.domain.ScenarioFiles;
import dev.emodistill.domain.ScenarioGenerator;
import dev.emodistill.io.InputException;
import dev.emodistill.sim.SimWorld;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/** Options shared by commands that play episodes on one domain's scenarios in the embedded world. */
final class WorldOptions {
    @Option(names = "--domain", required = true, description = "debt, disaster, student or medical")
    String domain;

    @Option(names = "--seed", defaultValue = "1", description = "run seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--scenarios", description = "scenario file (.jsonl); default: scenarios generated from --seed")
    Path scenarioFile;

    @picocli.CommandLine.Mixin
    ProtocolOptions protocol;

    Domain domain() {
        return Options.domain(domain);
    }

    int workers() {
        return protocol.workers();
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

    SimWorld world() {
        return protocol.world();
    }
}
