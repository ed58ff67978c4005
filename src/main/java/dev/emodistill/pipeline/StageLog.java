package dev.emodistill.pipeline;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stage's log: each complete line goes to the pipeline's standard error prefixed with the stage name (stages may
 * run side by side, and unprefixed lines would be unreadable) and to {@code stage.log} in the stage folder.
 *
 * <p>Progress bars redraw their line with carriage returns; two of them at once would garble a terminal, so a
 * redrawn line is dropped, except that one is passed on as a plain line every {@link #HEARTBEAT_NANOS} so a long
 * stage still shows where it is.
 */
final class StageLog extends Writer {
    static final long HEARTBEAT_NANOS = 30_000_000_000L;
    private final PrintWriter sink;
    private final String prefix;
    private final BufferedWriter file;
    private final StringBuilder line = new StringBuilder();
    private long lastHeartbeat = System.nanoTime();

    StageLog(PrintWriter sink, String stageName, Path logFile) throws IOException {
        this.sink = sink;
        this.prefix = "  [" + stageName + "] ";
        this.file = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(char[] buf, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            char c = buf[i];
            if (c == '\n') {
                emit();
            } else if (c == '\r') {
                redraw();
            } else {
                line.append(c);
            }
        }
    }

    private void emit() throws IOException {
        String text = line.toString().stripTrailing();
        line.setLength(0);
        if (text.isEmpty()) {
            return;
        }
        file.write(text);
        file.write('\n');
        synchronized (sink) {
            sink.println(prefix + text);
            sink.flush();
        }
    }

    private void redraw() throws IOException {
        long now = System.nanoTime();
        if (line.toString().isBlank() || now - lastHeartbeat < HEARTBEAT_NANOS) {
            line.setLength(0);
            return;
        }
        lastHeartbeat = now;
        emit();
    }

    @Override
    public synchronized void flush() throws IOException {
        file.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        if (!line.toString().isBlank()) {
            emit();
        }
        line.setLength(0);
        file.close();
    }
}
