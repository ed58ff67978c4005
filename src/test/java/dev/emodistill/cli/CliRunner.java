package dev.emodistill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.emodistill.io.Json;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process and captures its streams (shared by tests of every package). */
public final class CliRunner {
    public record Run(int exit, String out, String err) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("stdout is not one JSON object: " + out + "\nstderr: " + err, e);
            }
        }
    }

    private CliRunner() {
    }

    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }
}
