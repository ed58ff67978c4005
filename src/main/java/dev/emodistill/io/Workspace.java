package dev.emodistill.io;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the tool keeps derived, re-creatable files (trained built-in heads, embedding caches). Defaults to
 * {@code ~/.cache/emodistill}; the system property {@code emodistill.cache} or the environment variable
 * {@code EMODISTILL_CACHE} moves it. Deleting it is always safe: everything in it is rebuilt on demand.
 */
public final class Workspace {
    private Workspace() {
    }

    public static Path cacheDir() {
        String property = System.getProperty("emodistill.cache");
        if (property != null && !property.isBlank()) {
            return Paths.get(property);
        }
        String env = System.getenv("EMODISTILL_CACHE");
        if (env != null && !env.isBlank()) {
            return Paths.get(env);
        }
        return Paths.get(System.getProperty("user.home"), ".cache", "emodistill");
    }
}
