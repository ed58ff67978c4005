package dev.emodistill.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A rectangular table of strings, rendered the same way as CSV, Markdown ({@link Tables}) and HTML
 * ({@link HtmlPage}). Null cells read as empty strings.
 *
 * @param headers the column names; at least one
 * @param rows    rows with exactly one cell per header
 */
public record Table(List<String> headers, List<List<String>> rows) {
    public Table {
        if (headers == null || headers.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        if (rows == null) {
            throw new IllegalArgumentException("rows is null");
        }
        headers = cells(headers);
        List<List<String>> copy = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row == null || row.size() != headers.size()) {
                throw new IllegalArgumentException("row " + r + " has " + (row == null ? "no" : row.size())
                        + " cells, the table has " + headers.size() + " columns");
            }
            copy.add(cells(row));
        }
        rows = Collections.unmodifiableList(copy);
    }

    /**
     * Whether every non-empty cell of a column looks like a number (and at least one does): such columns are
     * right-aligned so digits line up.
     */
    public boolean numeric(int column) {
        boolean any = false;
        for (List<String> row : rows) {
            String cell = row.get(column).strip();
            if (cell.isEmpty()) {
                continue;
            }
            if (!looksNumeric(cell)) {
                return false;
            }
            any = true;
        }
        return any;
    }

    static boolean looksNumeric(String cell) {
        return cell.matches("[+\\-−]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?%?");
    }

    private static List<String> cells(List<String> in) {
        List<String> out = new ArrayList<>(in.size());
        for (String s : in) {
            out.add(s == null ? "" : s);
        }
        return Collections.unmodifiableList(out);
    }
}
