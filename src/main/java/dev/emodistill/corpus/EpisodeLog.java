package dev.emodistill.corpus;

import dev.emodistill.io.Json;
import dev.emodistill.io.JsonLines;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The append-only episode file of a running sweep. {@link #recover} scans what a previous run left: complete
 * lines are kept (and checked against the plan), a torn last line (no newline, as after kill -9 mid-write) is cut
 * off, and anything else wrong stops the run with the line number, touching nothing. {@link #open} then appends
 * whole lines; {@link #sync} forces them to disk.
 */
public final class EpisodeLog implements AutoCloseable {
    private final FileChannel channel;
    private final BufferedWriter writer;
    private long lines;

    private EpisodeLog(FileChannel channel, long lines) {
        this.channel = channel;
        this.writer = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8));
        this.lines = lines;
    }

    /** What a previous run left in the file. */
    public record Recovered(List<CorpusEpisode> episodes, boolean repairedTornLine) {
    }

    /**
     * Validates the complete lines of {@code file} against the plan's prefix and truncates a torn last line.
     * A missing file is an empty log.
     */
    public static Recovered recover(Path file, List<PlannedEpisode> plan) {
        if (!Files.exists(file)) {
            return new Recovered(List.of(), false);
        }
        try {
            boolean torn = false;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long keep = endOfLastLine(ch);
                if (keep < ch.size()) {
                    ch.truncate(keep);
                    ch.force(true);
                    torn = true;
                }
            }
            List<CorpusEpisode> kept = new ArrayList<>();
            JsonLines.forEach(file, line -> {
                CorpusEpisode e = EpisodeCodec.fromJson(line);
                int i = kept.size();
                if (i >= plan.size() || !plan.get(i).episodeId().equals(e.episodeId())) {
                    throw line.error("episode_id", "holds episode '" + e.episodeId() + "' but the plan expects "
                            + (i < plan.size() ? "'" + plan.get(i).episodeId() + "'" : "no more episodes")
                            + " here; the file does not belong to this sweep");
                }
                kept.add(e);
            });
            return new Recovered(kept, torn);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Cuts the file back to its first {@code lines} complete lines (used to replay episodes from a point on, e.g.
     * to retry failed ones while keeping the file a prefix of the plan).
     */
    public static void truncate(Path file, long lines) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(64 * 1024);
            long seen = 0;
            long offset = 0;
            long position = 0;
            while (seen < lines) {
                buf.clear();
                int n = ch.read(buf, position);
                if (n < 0) {
                    throw new IllegalStateException(file + " has fewer than " + lines + " lines");
                }
                for (int i = 0; i < n && seen < lines; i++) {
                    if (buf.get(i) == '\n') {
                        seen++;
                        offset = position + i + 1;
                    }
                }
                position += n;
            }
            ch.truncate(offset);
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot truncate " + file + ": " + e.getMessage(), e);
        }
    }

    /** Byte offset just past the last newline (0 if none), scanning backwards so only the tail is read. */
    private static long endOfLastLine(FileChannel ch) throws IOException {
        long size = ch.size();
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(64 * 1024);
        long end = size;
        while (end > 0) {
            long start = Math.max(0, end - buf.capacity());
            buf.clear().limit((int) (end - start));
            ch.read(buf, start);
            for (int i = (int) (end - start) - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return 0;
    }

    /** Opens the file for appending after {@code existingLines} recovered lines. */
    public static EpisodeLog open(Path file, long existingLines) {
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            return new EpisodeLog(ch, existingLines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + " for appending: " + e.getMessage(), e);
        }
    }

    /** Appends one episode as one line; the line reaches the operating system before this returns. */
    public void append(CorpusEpisode episode) {
        try {
            writer.write(Json.line(EpisodeCodec.toJson(episode)));
            writer.write('\n');
            writer.flush();
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the episode file (disk full?): " + e.getMessage(), e);
        }
    }

    /** Forces appended lines to the disk (survives power loss, not just process death). */
    public void sync() {
        try {
            writer.flush();
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync the episode file: " + e.getMessage(), e);
        }
    }

    public long lines() {
        return lines;
    }

    @Override
    public void close() {
        try {
            sync();
        } finally {
            try {
                writer.close();
            } catch (IOException ignored) {
                // already synced; nothing more to save
            }
        }
    }
}
