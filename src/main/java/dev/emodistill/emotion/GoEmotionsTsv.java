package dev.emodistill.emotion;

import dev.emodistill.io.InputException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads the GoEmotions TSV layout: one example per line, {@code text<TAB>label indices<TAB>id}, no header,
 * UTF-8. Label indices are comma-separated and refer to {@link Emotion#GOEMOTIONS} order (0..27). This is
 * the layout of the public {@code train.tsv}/{@code dev.tsv}/{@code test.tsv} files and of the project's
 * hand-written held-out set.
 *
 * <p>Text is kept exactly as written (quotes, {@code [NAME]} tokens, emoji). CRLF line ends, a byte-order
 * mark, a trailing newline and blank lines are tolerated. Any other deviation is an {@link InputException}
 * naming the source, line and field, so a user can fix the file without reading code.
 */
public final class GoEmotionsTsv {
    /** The hand-written held-out evaluation set bundled with the library. */
    public static final String HELDOUT_RESOURCE = "dev/emodistill/emotion/heldout-sentences.tsv";

    private static final int COLUMNS = 3;

    /** One example: its text, one or more gold labels (distinct, in file order) and its comment id. */
    public record Example(String text, List<Emotion> labels, String id) {
        public Example {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(id, "id");
            labels = List.copyOf(labels);
            if (text.isBlank()) {
                throw new IllegalArgumentException("example text is blank");
            }
            if (labels.isEmpty()) {
                throw new IllegalArgumentException("example has no label");
            }
            for (Emotion e : labels) {
                if (e.isControl()) {
                    throw new IllegalArgumentException("the no-emotion control is not a GoEmotions label");
                }
            }
        }
    }

    private GoEmotionsTsv() {
    }

    /** Every example in the file, in file order. */
    public static List<Example> read(Path file) {
        Objects.requireNonNull(file, "file");
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every example in a classpath resource (e.g. {@link #HELDOUT_RESOURCE}), in file order. */
    public static List<Example> readResource(String classpathResource) {
        Objects.requireNonNull(classpathResource, "classpathResource");
        String name = classpathResource.startsWith("/") ? classpathResource.substring(1) : classpathResource;
        try (InputStream in = GoEmotionsTsv.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new InputException("classpath resource " + name + ": not found");
            }
            return parse(in, name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + name + ": " + e.getMessage(), e);
        }
    }

    /** The bundled held-out set. */
    public static List<Example> readHeldout() {
        return readResource(HELDOUT_RESOURCE);
    }

    private static List<Example> parse(InputStream in, String source) throws IOException {
        // Report bad bytes instead of silently turning them into replacement characters.
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<Example> examples = new ArrayList<>();
        long number = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder))) {
            String line;
            while ((line = reader.readLine()) != null) {
                number++;
                if (number == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                examples.add(parseLine(line, source, number));
            }
        } catch (CharacterCodingException e) {
            throw error(source, number + 1, null, "not valid UTF-8");
        }
        return List.copyOf(examples);
    }

    private static Example parseLine(String line, String source, long number) {
        String[] cols = line.split("\t", -1);
        if (cols.length != COLUMNS) {
            throw error(source, number, "columns", "expected " + COLUMNS
                    + " tab-separated columns (text, labels, id), found " + cols.length);
        }
        String text = cols[0];
        if (text.isBlank()) {
            throw error(source, number, "text", "empty text");
        }
        Set<Emotion> labels = new LinkedHashSet<>();
        String labelField = cols[1].trim();
        if (labelField.isEmpty()) {
            throw error(source, number, "labels", "no label index");
        }
        for (String part : labelField.split(",", -1)) {
            String token = part.trim();
            int index;
            try {
                index = Integer.parseInt(token);
            } catch (NumberFormatException e) {
                throw error(source, number, "labels", "label '" + token + "' is not an integer");
            }
            if (index < 0 || index >= Emotion.COUNT) {
                throw error(source, number, "labels", "label index " + index + " is outside 0.."
                        + (Emotion.COUNT - 1));
            }
            labels.add(Emotion.ofIndex(index));
        }
        return new Example(text, new ArrayList<>(labels), cols[2].trim());
    }

    /**
     * The "SOURCE line N, field 'F': reason" shape of {@link InputException#at}, built from a string so a
     * classpath resource name never has to pass through {@link Path}.
     */
    private static InputException error(String source, long line, String field, String reason) {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) {
            sb.append(" line ").append(line);
        }
        if (field != null) {
            sb.append(", field '").append(field).append('\'');
        }
        return new InputException(sb.append(": ").append(reason).toString());
    }
}
