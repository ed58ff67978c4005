package dev.emodistill.cli;

import dev.emodistill.domain.Domain;
import dev.emodistill.io.InputException;

import java.nio.file.Files;
import java.nio.file.Path;

/** Shared validation of command-line values, with messages that say which option was wrong and how. */
final class Options {
    private Options() {
    }

    static Domain domain(String text) {
        return Domain.parse(text).orElseThrow(() -> new InputException(
                "unknown domain '" + text + "' for --domain (expected one of " + Domain.idsForHelp() + ")"));
    }

    static int positive(String option, int value) {
        if (value <= 0) {
            throw new InputException(option + " must be a positive number, got " + value);
        }
        return value;
    }

    static double positiveRate(String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new InputException(option + " must be a positive number, got " + value);
        }
        return value;
    }

    static int nonNegative(String option, int value) {
        if (value < 0) {
            throw new InputException(option + " must not be negative, got " + value);
        }
        return value;
    }

    static Path existingFile(String option, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(option + ": " + file + " is not a readable file");
        }
        return file;
    }

    static int workers(int requested) {
        if (requested < 0) {
            throw new InputException("--workers must be at least 1 (or 0 for one per core), got " + requested);
        }
        return requested == 0 ? Runtime.getRuntime().availableProcessors() : requested;
    }
}
