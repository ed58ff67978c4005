package dev.emodistill.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code emodistill quickstart}: the whole study at the tiny scale ({@code reproduce --scale tiny}) in all four
 * domains on the embedded default (no network, no key), cached in {@code runs/quickstart}, so a second run only
 * rebuilds the report. Prints the main table, then the report's path on a line of its own.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the whole EmoDistill study at the tiny scale on the embedded default: reproduce --scale "
                + "tiny.",
                "Per domain: sweep -> judge -> IQL selector -> SFT, emotion-free SFT and JPO on a shared pocket LM -> "
                        + "evaluation of every method on held-out scenarios -> held-out personas -> per-emotion audit "
                        + "-> transfer -> counterparty training and a tournament -> report. Prints the main table and "
                        + "then the path of report.html on a line of its own. Every stage is cached in "
                        + "runs/quickstart/stages (a second run takes seconds). The tiny scale is a smoke run: its "
                        + "numbers are noise and its pocket LM is too briefly trained to state offers (its utterances "
                        + "fall back to neutral grammar sentences); reproduce --scale small is where the claims are "
                        + "checked. See docs/reproduce.md."})
final class QuickstartCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin
    StudyOptions options;

    @Override
    public Integer call() {
        return ReproduceCommand.run(spec, options, "tiny", Path.of("runs", "quickstart"), "quickstart");
    }
}
