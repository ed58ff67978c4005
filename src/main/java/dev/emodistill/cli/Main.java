package dev.emodistill.cli;

import dev.emodistill.io.InputException;
import dev.emodistill.io.Provenance;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Entry point of the {@code emodistill} command-line tool. Results go to standard output (with {@code --json},
 * exactly one JSON object); logs, warnings and progress go to standard error. Exit codes: 0 success, 1 an
 * unexpected failure, 2 bad input (unknown name, malformed file, invalid option), with a one-line message
 * naming what and where.
 */
@Command(name = "emodistill",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        description = {
                "Offline emotion-skill distillation for language-model negotiation agents (EmoDistill).",
                "Simulates emotion-aware negotiations in four domains (debt, disaster, student, medical), builds "
                        + "offline corpora, trains emotion selectors and expression models, and evaluates them.",
                ""},
        footer = {"",
                "Run 'emodistill COMMAND --help' for a command's options.",
                "Exit codes: 0 success, 1 unexpected failure, 2 bad input."},
        subcommands = {
                QuickstartCommand.class,
                ReproduceCommand.class,
                ScenariosCommand.class,
                SimulateCommand.class,
                SweepCommand.class,
                JudgeCommand.class,
                EvaluateCommand.class,
                TournamentCommand.class,
                AuditCommand.class,
                TrainCommand.class,
                LmCommand.class,
                DatasetCommand.class,
                CounterpartyDatasetCommand.class,
                AnalyzeCommand.class,
                PerceptionCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the tool in-process (used by tests) and returns the exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** Runs with explicit output streams (used by tests). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpLongOptionsMaxWidth(28);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("error: " + ex.getMessage());
            err.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            err.flush();
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof InputException) {
                err.println("error: " + ex.getMessage());
                err.flush();
                return EXIT_BAD_INPUT;
            }
            if (ex instanceof UncheckedIOException io) {
                err.println("error: " + io.getMessage());
                err.flush();
                return EXIT_FAILURE;
            }
            err.println("error: unexpected failure: " + ex);
            ex.printStackTrace(err);
            err.flush();
            return EXIT_FAILURE;
        });
        return cl;
    }

    /** Reports the build's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"emodistill " + Provenance.codeVersion()};
        }
    }
}
