package dev.emodistill.llm;

import java.util.Locale;
import java.util.Optional;

/** How the on-disk response cache is used ({@code --cache}). */
public enum CacheMode {
    /** Neither read nor written: every request goes to the server. */
    OFF,
    /** Replies found in the cache are reused; new replies are not stored. */
    READ,
    /** Reuse and store (the default): a rerun of the same command makes no requests it made before. */
    READWRITE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean reads() {
        return this != OFF;
    }

    public boolean writes() {
        return this == READWRITE;
    }

    public static Optional<CacheMode> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String key = text.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        for (CacheMode m : values()) {
            if (m.name().toLowerCase(Locale.ROOT).equals(key)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
