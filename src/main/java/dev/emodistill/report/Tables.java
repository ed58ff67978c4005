package dev.emodistill.report;

import java.util.List;

/** Renders a {@link Table} as CSV (RFC 4180) and as a GitHub-flavoured Markdown table. */
public final class Tables {
    private Tables() {
    }

    public static String csv(List<String> headers, List<List<String>> rows) {
        return csv(new Table(headers, rows));
    }

    /**
     * RFC 4180 CSV: records end with CRLF (the last one too); a field holding a comma, a double quote, CR or LF is
     * enclosed in double quotes, with its quotes doubled. Other fields are written as they are.
     */
    public static String csv(Table table) {
        StringBuilder out = new StringBuilder();
        csvRecord(out, table.headers());
        for (List<String> row : table.rows()) {
            csvRecord(out, row);
        }
        return out.toString();
    }

    public static String markdown(List<String> headers, List<List<String>> rows) {
        return markdown(new Table(headers, rows));
    }

    /**
     * A GitHub Markdown table: {@code |} and {@code \} in cells are backslash-escaped (a trailing backslash must
     * not swallow the next column separator), line breaks become spaces since a table row is one line, and
     * numeric columns are right-aligned. Empty header cells stay empty.
     */
    public static String markdown(Table table) {
        StringBuilder out = new StringBuilder();
        markdownRow(out, table.headers());
        out.append('|');
        for (int c = 0; c < table.headers().size(); c++) {
            out.append(table.numeric(c) ? " ---: |" : " --- |");
        }
        out.append('\n');
        for (List<String> row : table.rows()) {
            markdownRow(out, row);
        }
        return out.toString();
    }

    static String csvField(String field) {
        boolean quote = field.indexOf(',') >= 0 || field.indexOf('"') >= 0
                || field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0;
        return quote ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }

    static String markdownCell(String cell) {
        String oneLine = cell.replace("\r\n", " ").replace('\r', ' ').replace('\n', ' ');
        return oneLine.replace("\\", "\\\\").replace("|", "\\|").strip();
    }

    private static void csvRecord(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(csvField(fields.get(i)));
        }
        out.append("\r\n");
    }

    private static void markdownRow(StringBuilder out, List<String> cells) {
        out.append('|');
        for (String cell : cells) {
            out.append(' ').append(markdownCell(cell)).append(" |");
        }
        out.append('\n');
    }
}
