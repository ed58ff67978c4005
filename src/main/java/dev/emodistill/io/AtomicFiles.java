package dev.emodistill.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file completely or not at all: content goes to a temporary sibling, is forced to disk, and is
 * renamed over the target. A crash or a failed validation never leaves a half-written output behind.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Something that writes the whole content; may throw to abandon the write. */
    @FunctionalInterface
    public interface Body {
        void write(Writer out) throws IOException;
    }

    /** Fills the temporary file. */
    @FunctionalInterface
    private interface Filler {
        void fill(Path tmp) throws IOException;
    }

    public static void write(Path target, Body body) {
        commit(target, tmp -> {
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING)) {
                body.write(out);
            }
        });
    }

    public static void writeBytes(Path target, byte[] bytes) {
        commit(target, tmp -> Files.write(tmp, bytes, StandardOpenOption.TRUNCATE_EXISTING));
    }

    public static void writeString(Path target, String content) {
        write(target, out -> out.write(content));
    }

    /**
     * createTempFile makes owner-only files (rw-------); results and reports are meant to be shared, so they get
     * the usual rw-r--r-- like any file the user writes. (Secrets are never written, so nothing needs hiding.)
     */
    private static void shareable(Path tmp) throws IOException {
        if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private static void commit(Path target, Filler filler) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            filler.fill(tmp);
            shareable(tmp);
            try (var channel = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temporary file is hidden and harmless; the original error matters more
                }
            }
        }
    }
}
