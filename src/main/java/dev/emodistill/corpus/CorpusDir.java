package dev.emodistill.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.AtomicFiles;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.io.JsonLines;
import dev.emodistill.io.Provenance;
import dev.emodistill.negotiation.Role;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A corpus folder: {@code manifest.json} (what made it, its config, progress and file hashes),
 * {@code episodes.jsonl} (one episode per line, in plan order) and, after judging, {@code judged.jsonl}. Readers
 * only accept a corpus whose manifest says it is complete and whose file hash matches, so an interrupted or
 * damaged corpus is never used silently.
 */
public final class CorpusDir {
    public static final String KIND = "emodistill.corpus";
    public static final int MANIFEST_VERSION = 1;
    public static final String MANIFEST = "manifest.json";
    public static final String EPISODES = "episodes.jsonl";
    public static final String JUDGED = "judged.jsonl";
    private static final String LOCK = ".lock";

    public static final String STATUS_RUNNING = "running";
    public static final String STATUS_COMPLETE = "complete";

    private final Path dir;

    private CorpusDir(Path dir) {
        this.dir = dir;
    }

    public static CorpusDir at(Path dir) {
        return new CorpusDir(dir);
    }

    public Path dir() {
        return dir;
    }

    public Path manifestFile() {
        return dir.resolve(MANIFEST);
    }

    public Path episodesFile() {
        return dir.resolve(EPISODES);
    }

    public Path judgedFile() {
        return dir.resolve(JUDGED);
    }

    public boolean hasManifest() {
        return Files.isRegularFile(manifestFile());
    }

    /** The manifest; an {@link InputException} if it is missing or not a corpus manifest. */
    public ObjectNode manifest() {
        Path file = manifestFile();
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": no such file; " + dir + " is not a corpus folder made by "
                    + "'emodistill sweep' (or its manifest was deleted)");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new InputException(file + ": not readable JSON (" + e.getMessage() + ")");
        }
        if (!(node instanceof ObjectNode o) || !KIND.equals(node.path("kind").asText())) {
            throw new InputException(file + ", field 'kind': expected '" + KIND + "'");
        }
        int version = node.path("schema_version").asInt(-1);
        if (version != MANIFEST_VERSION) {
            throw new InputException(file + ", field 'schema_version': manifest version " + version
                    + " is not supported by this build (expects " + MANIFEST_VERSION + ")");
        }
        return o;
    }

    public void writeManifest(ObjectNode manifest) {
        AtomicFiles.writeString(manifestFile(), Json.pretty(manifest) + "\n");
    }

    /**
     * The episodes a later command should use: {@code judged.jsonl} when the manifest records it, else
     * {@code episodes.jsonl}. Refuses an incomplete corpus and a file whose hash differs from the manifest's.
     */
    public List<CorpusEpisode> readEpisodes() {
        ObjectNode m = completeManifest();
        boolean judged = m.has("judged") && Files.isRegularFile(judgedFile());
        return judged ? read(judgedFile(), m.path("judged").path("sha256").asText(), m)
                : read(episodesFile(), m.path("files").path("episodes_sha256").asText(), m);
    }

    /** The sweep's own episodes, unjudged (what the judge reads). */
    public List<CorpusEpisode> readSweepEpisodes() {
        ObjectNode m = completeManifest();
        return read(episodesFile(), m.path("files").path("episodes_sha256").asText(), m);
    }

    private ObjectNode completeManifest() {
        ObjectNode m = manifest();
        if (!STATUS_COMPLETE.equals(m.path("status").asText())) {
            throw new InputException(manifestFile() + ", field 'status': the corpus is not complete (status '"
                    + m.path("status").asText() + "', " + m.path("completed_episodes").asInt() + " of "
                    + m.path("planned_episodes").asInt() + " episodes); run the same sweep command again to finish it");
        }
        return m;
    }

    private List<CorpusEpisode> read(Path file, String expectedSha256, ObjectNode m) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": no such file, although " + manifestFile() + " lists it");
        }
        if (!Provenance.sha256(file).equals(expectedSha256)) {
            throw new InputException(file + ": content does not match the manifest's sha256 (the file was changed "
                    + "or truncated after the run finished); re-run the command that wrote it");
        }
        List<CorpusEpisode> episodes = new ArrayList<>();
        JsonLines.forEach(file, line -> episodes.add(EpisodeCodec.fromJson(line)));
        int planned = m.path("planned_episodes").asInt();
        if (episodes.size() != planned) {
            throw new InputException(file + ": " + episodes.size() + " episodes but the manifest plans " + planned);
        }
        return episodes;
    }

    /** The file later commands read: {@code judged.jsonl} when the manifest records one, else {@code episodes.jsonl}. */
    public Path source() {
        return manifest().has("judged") && Files.isRegularFile(judgedFile()) ? judgedFile() : episodesFile();
    }

    /** Whether the manifest says the sweep chose the counterparty's emotions ({@code sweep --role counterparty}). */
    public boolean isCounterpartyRole() {
        return manifest().path("config").path("role").asText(Role.FOCAL.label()).equals(Role.COUNTERPARTY.label());
    }

    /** Whether later commands will read the judged file. */
    public boolean isJudged() {
        return manifest().has("judged") && Files.isRegularFile(judgedFile());
    }

    /**
     * Takes the folder's lock so two processes never write one corpus. Released by {@link Lock#close()} or when the
     * process dies (the operating system drops file locks, even on kill -9).
     */
    public Lock lock() {
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = new String(Files.readAllBytes(dir.resolve(LOCK)), StandardCharsets.UTF_8).trim();
                channel.close();
                throw new InputException(dir + " is in use by another emodistill process"
                        + (holder.isEmpty() ? "" : " (" + holder + ")") + "; wait for it to finish or use another --out");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
            return new Lock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A held folder lock. */
    public static final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Lock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (IOException ignored) {
                // the operating system releases the lock with the process anyway
            }
        }
    }
}
