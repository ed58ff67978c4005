package dev.emodistill.report;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TablesTest {
    private static final List<String> HEADERS = List.of("policy", "utility", "note");

    @Test
    void csvQuotesOnlyWhatNeedsQuoting() {
        String csv = Tables.csv(HEADERS, List.of(
                List.of("fixed:joy", "0.61", "plain"),
                List.of("rule:a,b", "0.5", "says \"hi\""),
                List.of("multi", "-0.1", "line one\nline two")));
        String expected = "policy,utility,note\r\n"
                + "fixed:joy,0.61,plain\r\n"
                + "\"rule:a,b\",0.5,\"says \"\"hi\"\"\"\r\n"
                + "multi,-0.1,\"line one\nline two\"\r\n";
        assertEquals(expected, csv);
    }

    @Test
    void csvRoundTripsThroughAnIndependentReader() {
        List<List<String>> rows = List.of(
                List.of("a,b", "\"", ""),
                List.of("cr\r\nlf", " padded ", "x\"\"y"),
                Arrays.asList(null, "é ✓", ","));
        List<List<String>> parsed = readCsv(Tables.csv(HEADERS, rows));
        assertEquals(HEADERS, parsed.get(0));
        assertEquals(rows.size() + 1, parsed.size());
        assertEquals(rows.get(0), parsed.get(1));
        assertEquals(rows.get(1), parsed.get(2));
        assertEquals(List.of("", "é ✓", ","), parsed.get(3), "a null cell is written as empty");
    }

    @Test
    void markdownEscapesPipesAndKeepsRowsOnOneLine() {
        String md = Tables.markdown(HEADERS, List.of(
                List.of("a|b", "0.25", "ends with \\"),
                List.of("two\nlines", "1e-3", "x | y")));
        String[] lines = md.split("\n");
        assertEquals(4, lines.length, "header, separator, two rows:\n" + md);
        assertEquals("| policy | utility | note |", lines[0]);
        assertEquals("| --- | ---: | --- |", lines[1], "the all-numeric column is right-aligned");
        assertEquals("| a\\|b | 0.25 | ends with \\\\ |", lines[2]);
        assertEquals("| two lines | 1e-3 | x \\| y |", lines[3]);
        for (String line : lines) {
            assertEquals(4, unescapedPipes(line), "3 columns need 4 separators: " + line);
        }
    }

    @Test
    void numericColumnsIgnoreBlanksButNeedOneNumber() {
        Table t = new Table(List.of("n", "blank", "mixed"), List.of(
                List.of("1", "", "2"), List.of("-3.5", "", "n/a"), List.of("", "", "4")));
        assertTrue(t.numeric(0));
        assertFalse(t.numeric(1), "an empty column is not numeric");
        assertFalse(t.numeric(2));
    }

    @Test
    void raggedOrEmptyTablesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Tables.csv(List.of(), List.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tables.markdown(HEADERS, List.of(List.of("only", "two"))));
        assertTrue(e.getMessage().contains("row 0"), e.getMessage());
    }

    @Test
    void headersOnlyIsAValidTable() {
        assertEquals("policy,utility,note\r\n", Tables.csv(HEADERS, List.of()));
        assertEquals(2, Tables.markdown(HEADERS, List.of()).split("\n").length);
    }

    private static int unescapedPipes(String line) {
        int count = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '|') {
                count++;
            }
        }
        return count;
    }

    /** A minimal RFC 4180 reader, written here so the test does not trust the writer's own helpers. */
    private static List<List<String>> readCsv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
            i++;
        }
        assertTrue(record.isEmpty() && field.length() == 0, "the last record ends with CRLF");
        return records;
    }
}
