package dev.emodistill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.emodistill.io.Json;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Output discipline for commands: {@link #result} writes to standard output (with {@code --json}: exactly one
 * JSON object), {@link #log} writes to standard error. Keeping the two apart is what lets users pipe
 * {@code --json} output straight into jq.
 */
final class Terminal {
    private final PrintWriter out;
    private final PrintWriter err;

    Terminal(CommandLine.Model.CommandSpec spec) {
        this.out = spec.commandLine().getOut();
        this.err = spec.commandLine().getErr();
    }

    void result(String text) {
        out.print(text);
        out.flush();
    }

    void resultLine(String text) {
        out.println(text);
        out.flush();
    }

    void json(JsonNode node) {
        out.println(Json.pretty(node));
        out.flush();
    }

    void log(String text) {
        err.println(text);
        err.flush();
    }

    PrintWriter err() {
        return err;
    }
}
