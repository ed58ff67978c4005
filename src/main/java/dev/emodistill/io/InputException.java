package dev.emodistill.io;

import java.nio.file.Path;

/**
 * Bad user input: an unreadable or malformed file, an unknown name, an out-of-range option. The CLI turns it
 * into a one-line message on standard error and exit code 2. The message always says what and where
 * (file, line, field) so the user can fix the input without reading code.
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "FILE line N, field F: reason" */
    public static InputException at(Path file, long line, String field, String reason) {
        StringBuilder sb = new StringBuilder();
        sb.append(file);
        if (line > 0) {
            sb.append(" line ").append(line);
        }
        if (field != null) {
            sb.append(", field '").append(field).append('\'');
        }
        sb.append(": ").append(reason);
        return new InputException(sb.toString());
    }
}
