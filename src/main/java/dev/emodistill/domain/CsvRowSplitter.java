package dev.emodistill.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Splits one line of a published scenario CSV into cells, tolerating the files' known defects (DESIGN §2.1).
 *
 * <p>Rules, in order:
 * <ul>
 *   <li>A field that starts (after blanks) with a straight double quote and whose closing quote is followed by a
 *       comma or the end of the line is a CSV-quoted field: the quotes are syntax and are removed, {@code ""}
 *       inside it is one quote, and commas inside it do not split.</li>
 *   <li>Elsewhere a comma splits only when no group is open. Groups are straight double quotes, curly quotes
 *       (“ ”) and parentheses; their characters are content and are kept.</li>
 *   <li>An opener that is never closed on the line (a stray "(" or a lone inch mark) is taken as plain text
 *       and the line is split again, so one typo cannot swallow the rest of the row.</li>
 *   <li>An unterminated CSV-quoted field is an error: guessing where it ends would shift columns.</li>
 * </ul>
 * Cells keep their surrounding blanks, because a blank after a comma is evidence the importer uses to rejoin
 * free text (see {@link CsvCell#continuation()}).
 */
final class CsvRowSplitter {
    private static final char QUOTE = '"';
    private static final char OPEN_CURLY = '\u201C';
    private static final char CLOSE_CURLY = '\u201D';

    private CsvRowSplitter() {
    }

    /** One cell: its text (CSV quotes removed) and whether it was a CSV-quoted field. */
    record CsvCell(String text, boolean quoted) {
        /**
         * True for an unquoted cell that starts with a blank. The published files write a comma inside free
         * text as ", " but separate columns with a bare ",", so such a cell most likely continues the previous
         * column's text.
         */
        boolean continuation() {
            return !quoted && !text.isEmpty() && Character.isWhitespace(text.charAt(0));
        }

        String trimmed() {
            return text.strip();
        }
    }

    /** Splits a line (without its line terminator) into cells; an empty line is one empty cell. */
    static List<CsvCell> split(String line) throws CsvRowException {
        Set<Integer> literal = new HashSet<>();
        while (true) {
            Attempt attempt = trySplit(line, literal);
            if (attempt.cells != null) {
                return attempt.cells;
            }
            // Each retry marks one more opener as plain text, so this ends within line.length() passes.
            literal.add(attempt.unclosedOpener);
        }
    }

    private record Attempt(List<CsvCell> cells, int unclosedOpener) {
    }

    private static Attempt trySplit(String line, Set<Integer> literal) throws CsvRowException {
        List<CsvCell> cells = new ArrayList<>();
        int n = line.length();
        int i = 0;
        while (true) {
            int quotedEnd = quotedField(line, i, cells.size() + 1, literal);
            if (quotedEnd >= 0) {
                cells.add(new CsvCell(unquote(line, i), true));
                if (quotedEnd >= n) {
                    return new Attempt(cells, -1);
                }
                i = quotedEnd + 1;
                continue;
            }
            // Openers still waiting for their closer, innermost last; a comma splits only when this is empty.
            List<Integer> open = new ArrayList<>();
            int k = i;
            for (; k < n; k++) {
                char c = line.charAt(k);
                if (literal.contains(k)) {
                    continue;
                }
                if (c == ',' && open.isEmpty()) {
                    break;
                }
                switch (c) {
                    case '(', OPEN_CURLY -> open.add(k);
                    case ')' -> close(line, open, '(');
                    case CLOSE_CURLY -> close(line, open, OPEN_CURLY);
                    case QUOTE -> {
                        if (!close(line, open, QUOTE)) {
                            open.add(k);
                        }
                    }
                    default -> {
                    }
                }
            }
            if (!open.isEmpty()) {
                return new Attempt(null, open.get(0));
            }
            cells.add(new CsvCell(line.substring(i, k), false));
            if (k >= n) {
                return new Attempt(cells, -1);
            }
            i = k + 1;
        }
    }

    /** Closes the innermost open group of the given opener; false when none is open. */
    private static boolean close(String line, List<Integer> open, char opener) {
        for (int j = open.size() - 1; j >= 0; j--) {
            if (line.charAt(open.get(j)) == opener) {
                open.remove(j);
                return true;
            }
        }
        return false;
    }

    /**
     * If a CSV-quoted field starts at {@code start}, the index of the comma that ends it (or the line length);
     * otherwise -1. A quoted section followed by more text ({@code "a" b,}) is not CSV quoting: such quotes are
     * content, as in the published student file's {@code the "perfect" line}.
     */
    private static int quotedField(String line, int start, int field, Set<Integer> literal) throws CsvRowException {
        int n = line.length();
        int j = start;
        while (j < n && isBlank(line.charAt(j))) {
            j++;
        }
        if (j >= n || line.charAt(j) != QUOTE || literal.contains(j)) {
            return -1;
        }
        int k = j + 1;
        while (true) {
            if (k >= n) {
                throw new CsvRowException("unterminated quoted field (field " + field + " opens a \" that never closes)");
            }
            if (line.charAt(k) == QUOTE) {
                if (k + 1 < n && line.charAt(k + 1) == QUOTE) {
                    k += 2;
                    continue;
                }
                break;
            }
            k++;
        }
        int m = k + 1;
        while (m < n && isBlank(line.charAt(m))) {
            m++;
        }
        return m >= n || line.charAt(m) == ',' ? m : -1;
    }

    /** The content of the quoted field starting at {@code start}, with {@code ""} read as one quote. */
    private static String unquote(String line, int start) {
        int j = line.indexOf(QUOTE, start) + 1;
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = line.charAt(j);
            if (c == QUOTE) {
                if (j + 1 < line.length() && line.charAt(j + 1) == QUOTE) {
                    sb.append(QUOTE);
                    j += 2;
                    continue;
                }
                return sb.toString();
            }
            sb.append(c);
            j++;
        }
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
