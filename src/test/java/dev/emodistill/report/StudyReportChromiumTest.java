package dev.emodistill.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.emodistill.report.SvgTestSupport.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Renders the study report in a real browser, headless Chromium (Debian's {@code chromium} package, which
 * {@code .ci/run} installs), and checks what a reader would see: a screenshot that is not blank and shows the chart
 * colours, and a DOM with every chart. Skipped, saying so, where no Chromium is on the PATH.
 */
class StudyReportChromiumTest {
    private static final long BROWSER_TIMEOUT_S = 60;
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 4000;

    @Test
    @Timeout(value = 3 * BROWSER_TIMEOUT_S, unit = TimeUnit.SECONDS)
    void theReportRendersWithEveryChart(@TempDir Path dir) throws Exception {
        Optional<Path> chromium = findChromium();
        assumeTrue(chromium.isPresent(), "chromium not installed: no chromium or chromium-browser on the PATH; "
                + "install Debian's chromium package (as .ci/run does) to render the report");
        StudyReport.Output out = StudyReport.write(dir.resolve("report"), StudyFixtures.full());
        String uri = out.html().toUri().toString();

        Path png = dir.resolve("report.png");
        run(chromium.get(), dir, List.of("--screenshot=" + png, "--window-size=" + WIDTH + "," + HEIGHT, uri),
                dir.resolve("screenshot.out"));
        assertTrue(Files.isRegularFile(png), "chromium wrote no screenshot");
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "the screenshot is not a readable PNG");
        assertEquals(WIDTH, image.getWidth());
        assertEquals(HEIGHT, image.getHeight());
        Set<Integer> colours = new HashSet<>();
        long inked = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                inked += rgb == 0xffffff ? 0 : 1;
            }
        }
        assertTrue(colours.size() >= 100, "a blank or near-blank page: " + colours.size() + " colours");
        assertTrue(inked > (long) WIDTH * HEIGHT / 50, "under 2 % of the page is drawn: " + inked + " pixels");
        // The method chart near the top has a bar of each of the first eight series colours.
        for (int k = 0; k < StudyFixtures.METHODS.size(); k++) {
            String colour = Palette.series(k);
            assertTrue(containsColour(colours, Integer.parseInt(colour.substring(1), 16)),
                    "the method chart's colour " + colour + " is not on the screenshot");
        }

        Path dom = dir.resolve("dom.html");
        run(chromium.get(), dir, List.of("--dump-dom", uri), dom);
        String rendered = Files.readString(dom, StandardCharsets.UTF_8);
        assertTrue(rendered.contains("</html>"), "chromium dumped no DOM");
        assertEquals(StudyReportTest.expectedCharts(), out.charts());
        assertEquals(out.charts(), count(rendered, "<svg"), "every chart written is in the rendered DOM");
    }

    /** Runs headless Chromium with its own profile and home under {@code dir}; stdout goes to {@code stdout}. */
    private static void run(Path chromium, Path dir, List<String> args, Path stdout) throws Exception {
        Path profile = Files.createTempDirectory(dir, "profile");
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless=new", "--no-sandbox",
                "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-dev-shm-usage",
                // a profile of its own, so parallel runs and a user's browser never share a lock
                "--user-data-dir=" + profile));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                // Chromium warns on stderr about D-Bus and GPU in containers: kept aside, shown only on failure
                .redirectError(dir.resolve(stdout.getFileName() + ".err").toFile());
        pb.environment().put("HOME", profile.toString());
        Process p = pb.start();
        try {
            if (!p.waitFor(BROWSER_TIMEOUT_S, TimeUnit.SECONDS)) {
                fail("chromium did not finish in " + BROWSER_TIMEOUT_S + " s: " + command);
            }
            if (p.exitValue() != 0) {
                fail("chromium exited with " + p.exitValue() + ": "
                        + tail(dir.resolve(stdout.getFileName() + ".err")));
            }
        } finally {
            // only this browser and what it started
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    static Optional<Path> findChromium() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String entry : path.split(File.pathSeparator)) {
                if (entry.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(entry, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Exact colours can shift by a unit in rasterisation; allow a small tolerance per channel. */
    private static boolean containsColour(Set<Integer> colours, int rgb) {
        for (int c : colours) {
            if (Math.abs((c >> 16 & 0xff) - (rgb >> 16 & 0xff)) <= 3 && Math.abs((c >> 8 & 0xff) - (rgb >> 8 & 0xff)) <= 3
                    && Math.abs((c & 0xff) - (rgb & 0xff)) <= 3) {
                return true;
            }
        }
        return false;
    }

    private static String tail(Path file) throws Exception {
        if (!Files.exists(file)) {
            return "(no stderr)";
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return text.length() <= 2000 ? text : text.substring(text.length() - 2000);
    }
}
