package dev.emodistill.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads JSON Lines files with line numbers, so every error names the file and line. */
public final class JsonLines {
    private JsonLines() {
    }

    /** A parsed line and where it came from. */
    public record Line(Path file, long number, JsonNode node) {
        /** An input error at this line. */
        public InputException error(String field, String reason) {
            return InputException.at(file, number, field, reason);
        }
    }

    /** Every non-blank line of the file, parsed; a malformed line is an {@link InputException}. */
    public static List<Line> read(Path file) {
        List<Line> lines = new ArrayList<>();
        forEach(file, lines::add);
        return lines;
    }

    /**
     * Streams the parsed non-blank lines to {@code consumer}, one at a time, so large files (corpora of hundreds of
     * megabytes) never have all their JSON trees in memory at once.
     */
    public static void forEach(Path file, java.util.function.Consumer<Line> consumer) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            long number = 0;
            while ((text = in.readLine()) != null) {
                number++;
                if (text.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = Json.MAPPER.readTree(text);
                } catch (JsonProcessingException e) {
                    throw InputException.at(file, number, null, "not valid JSON: " + e.getOriginalMessage());
                }
                consumer.accept(new Line(file, number, node));
            }
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
