package dev.emodistill.cli;

import dev.emodistill.emotion.Classifiers;
import dev.emodistill.emotion.EmotionClassifier;
import dev.emodistill.emotion.HeadRole;
import dev.emodistill.io.InputException;
import dev.emodistill.negotiation.ProtocolConfig;
import dev.emodistill.negotiation.Tolerance;
import dev.emodistill.sim.SimWorld;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** How episodes are played: protocol limits, tolerance, perception classifier and worker threads. */
final class ProtocolOptions {
    @Option(names = "--max-messages", defaultValue = "30",
            description = "message limit per episode, focal first (default: ${DEFAULT-VALUE}; horizon H = half)")
    int maxMessages;

    @Option(names = "--tolerance", description = "fixed agreement tolerance in domain units (the paper used 5); "
            + "default: max(1, 5%% of |T_c - T_f|)")
    Double tolerance;

    @Option(names = "--classifier", paramLabel = "embedded|llm|DIR", description = "perception classifier: embedded "
            + "(the built-in perception head, default), llm (a chat model; simulate, sweep, evaluate and audit) or a classifier "
            + "folder from 'perception train'")
    String classifier;

    @Option(names = "--workers", defaultValue = "0",
            description = "worker threads (default: one per core); results do not depend on it")
    int workers;

    int workers() {
        return Options.workers(workers);
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

    /**
     * The embedded or folder classifier named by {@code choice} ({@code --classifier}); commands that offer LLM roles
     * handle {@code llm} before calling this.
     */
    static EmotionClassifier perception(String choice) {
        if (choice == null || choice.isBlank() || choice.trim().equalsIgnoreCase("embedded")) {
            return Classifiers.builtin(HeadRole.PERCEPTION);
        }
        if (choice.trim().equalsIgnoreCase("llm")) {
            throw new InputException("--classifier llm is available in simulate, sweep, judge and evaluate; "
                    + "this command uses embedded or a classifier folder");
        }
        return Classifiers.load(Path.of(choice.trim()));
    }

    EmotionClassifier perception() {
        return perception(classifier);
    }

    SimWorld world() {
        return new SimWorld(protocol(), perception());
    }
}
