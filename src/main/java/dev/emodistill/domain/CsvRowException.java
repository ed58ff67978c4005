package dev.emodistill.domain;

/**
 * One CSV row that cannot be read with confidence. The importer turns it into a rejected row with the line
 * number; the message is the reason shown to the user, so it names the column and what was found.
 */
final class CsvRowException extends Exception {
    private static final long serialVersionUID = 1L;

    CsvRowException(String reason) {
        super(reason);
    }
}
