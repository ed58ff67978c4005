package dev.emodistill.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writtenFilesAreReadableByOthersAndReplaceTheOldContent() throws Exception {
        Path f = dir.resolve("sub").resolve("report.md");
        AtomicFiles.writeString(f, "one");
        AtomicFiles.writeString(f, "two");
        assertEquals("two", Files.readString(f));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        try (var listing = Files.list(f.getParent())) {
            assertEquals(1, listing.count(), "no temporary file left behind");
        }
    }

    @Test
    void aFailedWriteKeepsTheOldFileAndLeavesNoTemporary() throws Exception {
        Path f = dir.resolve("data.jsonl");
        AtomicFiles.writeString(f, "kept");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(f, w -> {
            w.write("half");
            throw new IllegalStateException("interrupted");
        }));
        assertEquals("kept", Files.readString(f));
        try (var listing = Files.list(dir)) {
            assertTrue(listing.allMatch(p -> p.equals(f)));
        }
    }
}
