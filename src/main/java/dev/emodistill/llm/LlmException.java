package dev.emodistill.llm;

/**
 * A model call failed in a way the caller must hear about. Every message names the role and the setting to
 * look at ({@code --judge-llm-model}, {@code --llm-base-url}, the environment variable that holds the key) and
 * never contains the key itself: server replies are passed through {@link Redactor} before they are quoted.
 */
public final class LlmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure, so callers can tell configuration mistakes from bad luck. */
    public enum Kind {
        /** Wrong URL, key, model or request: retrying will not help (HTTP 4xx except 429, unknown host). */
        CONFIGURATION,
        /** The endpoint kept failing (429, 5xx, timeouts, refused connections) past the retry budget. */
        UNAVAILABLE,
        /** The endpoint answered but the reply is unusable (malformed JSON, empty, no number, no score). */
        BAD_REPLY
    }

    private final Kind kind;
    private final LlmRole role;

    public LlmException(Kind kind, LlmRole role, String message) {
        super(message);
        this.kind = kind;
        this.role = role;
    }

    public Kind kind() {
        return kind;
    }

    public LlmRole role() {
        return role;
    }
}
