package dev.emodistill.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A progress bar with rate and ETA on standard error, redrawn at most every 200 ms. It never touches
 * standard output, so results stay machine-readable.
 */
final class Progress {
    private static final long REDRAW_NANOS = 200_000_000L;
    private final PrintWriter err;
    private final String label;
    private final long total;
    private final long started = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private volatile long lastDraw;
    /** Redrawing with carriage returns only makes sense on a terminal; logs get the final line only. */
    private final boolean interactive = System.console() != null;

    Progress(PrintWriter err, String label, long total) {
        this.err = err;
        this.label = label;
        this.total = total;
    }

    void step() {
        long d = done.incrementAndGet();
        long now = System.nanoTime();
        if (interactive && (now - lastDraw > REDRAW_NANOS || d == total)) {
            synchronized (this) {
                lastDraw = now;
                draw(d, now);
            }
        }
    }

    private void draw(long d, long now) {
        double seconds = (now - started) / 1e9;
        double rate = d / Math.max(1e-9, seconds);
        double eta = rate > 0 ? (total - d) / rate : Double.NaN;
        int width = 24;
        int filled = total == 0 ? width : (int) (width * d / (double) total);
        String bar = "#".repeat(filled) + "-".repeat(width - filled);
        err.printf(Locale.ROOT, "\r%s [%s] %d/%d  %.0f/s  ETA %s   ", label, bar, d, total, rate, format(eta));
        err.flush();
    }

    void finish() {
        double seconds = (System.nanoTime() - started) / 1e9;
        err.printf(Locale.ROOT, "%s%s: %d done in %.1fs%s%n", interactive ? "\r" : "", label, done.get(), seconds,
                interactive ? " ".repeat(30) : "");
        err.flush();
    }

    private static String format(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s" : s + "s";
    }
}
