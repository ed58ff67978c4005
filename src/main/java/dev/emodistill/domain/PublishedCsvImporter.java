package dev.emodistill.domain;

import dev.emodistill.domain.CsvRowSplitter.CsvCell;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Provenance;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads the paper's published scenario CSVs exactly, known defects included (DESIGN §2.1): UTF-8 with or
 * without a byte-order mark, CRLF or LF line endings, no final newline, unquoted commas inside free text, curly
 * quotes, and placeholders such as "Variable" or "N/A (listed)".
 *
 * <p>Every data row either becomes a {@link Scenario} whose fields hold the original values by header name, or
 * a {@link Rejected} entry with its physical line number and the reason; no row is dropped or shifted
 * silently. Blank lines are skipped. Targets come from {@link TargetRules}; splitting is done by
 * {@code CsvRowSplitter} and column assignment by anchors in {@code PublishedRowAnchors}.
 */
public final class PublishedCsvImporter {
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\n|\r");

    private PublishedCsvImporter() {
    }

    /**
     * A data row that was not loaded.
     *
     * @param line   1-based physical line number in the file (the header is line 1)
     * @param reason what is wrong, naming the column and the value found
     */
    public record Rejected(long line, String reason) {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The outcome of importing one file.
     *
     * @param source   the file read
     * @param loaded   scenarios in input order
     * @param rejected rows not loaded, in input order
     * @param sha256   hex SHA-256 of the file's bytes, for provenance (DESIGN §5 manifest)
     */
    public record ImportResult(Path source, List<Scenario> loaded, List<Rejected> rejected, String sha256) {
        public ImportResult {
            loaded = List.copyOf(loaded);
            rejected = List.copyOf(rejected);
        }

        /** "FILE: N loaded, M rejected", for logs and the CLI. */
        public String summary() {
            return source + ": " + loaded.size() + " loaded, " + rejected.size() + " rejected";
        }
    }

    /**
     * Imports the published CSV of {@code domain}.
     *
     * @throws InputException when the file cannot be read, is not UTF-8, is empty, or its header is not the
     *                        domain's published header
     */
    public static ImportResult importCsv(Domain domain, Path csv) {
        Objects.requireNonNull(domain, "domain");
        PublishedFormat format = PublishedFormat.of(domain);
        byte[] bytes = readBytes(csv);
        String text = decode(csv, bytes);
        String[] lines = LINE_BREAK.split(text, -1);

        int headerIndex = 0;
        while (headerIndex < lines.length && lines[headerIndex].isBlank()) {
            headerIndex++;
        }
        if (headerIndex == lines.length) {
            throw new InputException(csv + ": empty file, expected the " + domain.id() + " header "
                    + String.join(",", format.header()));
        }
        checkHeader(csv, format, headerIndex + 1, lines[headerIndex]);

        List<Scenario> loaded = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        Map<String, Long> idLines = new HashMap<>();
        int dataRow = 0;
        for (int i = headerIndex + 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            dataRow++;
            long lineNumber = i + 1L;
            try {
                Scenario s = row(format, lines[i], dataRow);
                Long first = idLines.putIfAbsent(s.id(), lineNumber);
                if (first != null) {
                    throw new CsvRowException(domain.id() + ": duplicate id '" + s.id() + "' (first on line "
                            + first + ")");
                }
                loaded.add(s);
            } catch (CsvRowException e) {
                rejected.add(new Rejected(lineNumber, e.getMessage()));
            }
        }
        return new ImportResult(csv, loaded, rejected, Provenance.sha256(bytes));
    }

    private static Scenario row(PublishedFormat format, String line, int dataRow) throws CsvRowException {
        Domain domain = format.domain();
        List<CsvCell> cells;
        try {
            cells = CsvRowSplitter.split(line);
        } catch (CsvRowException e) {
            throw new CsvRowException(domain.id() + ": " + e.getMessage());
        }
        Map<String, String> fields = PublishedRowAnchors.fields(format, cells);
        TargetRules.Targets targets;
        try {
            targets = TargetRules.derive(domain, fields);
        } catch (TargetRules.FieldException e) {
            throw new CsvRowException(domain.id() + ": " + e.getMessage());
        }
        // The debt file has no id column; numbering data rows keeps ids stable whatever gets rejected.
        String id = format.hasCaseId()
                ? domain.id() + "-" + fields.get(PublishedFormat.CASE_ID)
                : String.format(Locale.ROOT, "%s-%03d", domain.id(), dataRow);
        return new Scenario(id, domain, targets.focal(), targets.counterparty(), targets.estimated(), fields);
    }

    private static void checkHeader(Path csv, PublishedFormat format, int lineNumber, String line) {
        List<String> found = new ArrayList<>();
        try {
            for (CsvCell cell : CsvRowSplitter.split(line)) {
                found.add(cell.trimmed());
            }
        } catch (CsvRowException e) {
            throw InputException.at(csv, lineNumber, null, "unreadable header: " + e.getMessage());
        }
        if (found.equals(format.header())) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("header does not match the published ").append(format.domain().id()).append(" file (")
                .append(format.fileName()).append(')');
        PublishedFormat.byHeader(found).ifPresent(other -> sb.append("; it is the header of the published ")
                .append(other.domain().id()).append(" file (").append(other.fileName())
                .append("): choose domain '").append(other.domain().id()).append('\''));
        List<String> expected = format.header();
        for (int c = 0; c < Math.max(found.size(), expected.size()); c++) {
            String e = c < expected.size() ? expected.get(c) : "(nothing)";
            String f = c < found.size() ? found.get(c) : "(nothing)";
            if (!e.equals(f)) {
                sb.append("; first difference at column ").append(c + 1).append(": expected '").append(e)
                        .append("', found '").append(f).append('\'');
                break;
            }
        }
        sb.append(". Expected: ").append(String.join(",", expected)).append(". Found: ").append(line.strip());
        throw InputException.at(csv, lineNumber, null, sb.toString());
    }

    private static byte[] readBytes(Path csv) {
        try {
            return Files.readAllBytes(csv);
        } catch (NoSuchFileException e) {
            throw new InputException(csv + ": no such file");
        } catch (IOException e) {
            throw new InputException(csv + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Strict UTF-8: a file in another encoding would silently turn curly quotes into garbage otherwise. */
    private static String decode(Path csv, byte[] bytes) {
        int offset = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InputException(csv + ": not UTF-8 text (" + e.getMessage()
                    + "); save the file as UTF-8 and try again", e);
        }
    }
}
