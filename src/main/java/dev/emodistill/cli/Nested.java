package dev.emodistill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.emodistill.io.Json;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Runs another emodistill command from inside a command (pipelines such as quickstart and the benchmarks). The
 * inner command's standard output is captured (and parsed when it ran with --json); its logs go to the outer
 * command's standard error, so the outer standard output stays exactly what the outer command prints.
 */
final class Nested {
    private Nested() {
    }

    /** Runs {@code args} and returns its JSON result (the args must include --json). */
    static JsonNode json(CommandLine.Model.CommandSpec outer, String... args) {
        StringWriter captured = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(captured, true));
        cl.setErr(outer.commandLine().getErr());
        int code = cl.execute(args);
        return result(code, captured.toString(), List.of(args));
    }

    /**
     * What a finished inner command gave back, wherever it ran: its printed JSON, or a {@link NestedFailure} with
     * its exit code when it failed.
     */
    static JsonNode result(int exitCode, String printed, List<String> args) {
        String command = String.join(" ", args);
        if (exitCode != Main.EXIT_OK) {
            throw new NestedFailure(exitCode, command);
        }
        try {
            return Json.MAPPER.readTree(printed);
        } catch (IOException e) {
            throw new UncheckedIOException("'" + command + "' did not print JSON", e);
        }
    }

    /** Runs {@code args}, sending everything it prints to standard error; returns its exit code. */
    static int quietly(CommandLine.Model.CommandSpec outer, String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(outer.commandLine().getErr());
        cl.setErr(outer.commandLine().getErr());
        return cl.execute(args);
    }

    /** An inner command failed; its own message is already on standard error. */
    static final class NestedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int exitCode;

        NestedFailure(int exitCode, String command) {
            super("step failed (exit " + exitCode + "): emodistill " + command);
            this.exitCode = exitCode;
        }
    }
}
