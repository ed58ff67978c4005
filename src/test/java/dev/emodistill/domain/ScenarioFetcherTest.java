package dev.emodistill.domain;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Serves the fixture CSVs from a local HTTP server on 127.0.0.1; no test touches the real network. */
class ScenarioFetcherTest {

    @TempDir
    Path out;

    private HttpServer server;
    private ExecutorService executor;
    /** Path on the server -> body; a missing path answers 404. */
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        for (PublishedFormat f : PublishedFormat.values()) {
            files.put("/data/" + f.fileName(), Files.readAllBytes(PublishedCsvImporterTest.fixture(f.domain())));
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        try (exchange) {
            if (path.startsWith("/moved/")) {
                exchange.getResponseHeaders().add("Location", "/data/" + path.substring("/moved/".length()));
                exchange.sendResponseHeaders(301, -1);
                return;
            }
            if (path.startsWith("/slow/")) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            byte[] body = files.get(path);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        }
    }

    private URI base(String folder) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + folder + "/");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void fetchesAllFourFilesByteForByte() throws Exception {
        List<ScenarioFetcher.Fetched> fetched = new ScenarioFetcher(base("data")).fetchAll(out);
        assertEquals(4, fetched.size());
        for (int i = 0; i < fetched.size(); i++) {
            PublishedFormat f = PublishedFormat.values()[i];
            ScenarioFetcher.Fetched got = fetched.get(i);
            byte[] served = files.get("/data/" + f.fileName());
            assertEquals(f.fileName(), got.name());
            assertEquals(out.resolve(f.fileName()), got.file());
            assertArrayEquals(served, Files.readAllBytes(got.file()), f.fileName());
            assertEquals(served.length, got.bytes());
            assertEquals(sha256(served), got.sha256());
            // the importer records the same digest, so provenance links the download to the import
            assertEquals(got.sha256(), PublishedCsvImporter.importCsv(f.domain(), got.file()).sha256());
        }
    }

    @Test
    void followsRedirectsAndAcceptsABaseUrlWithoutTrailingSlash() throws Exception {
        String noSlash = base("moved").toString().replaceAll("/$", "");
        ScenarioFetcher fetcher = new ScenarioFetcher(URI.create(noSlash));
        assertEquals(URI.create(noSlash + "/hospital_surgery_scenarios.csv"), fetcher.urlOf(PublishedFormat.MEDICAL));
        List<ScenarioFetcher.Fetched> fetched = fetcher.fetch(out, List.of(PublishedFormat.MEDICAL));
        assertEquals(1, fetched.size());
        assertArrayEquals(files.get("/data/hospital_surgery_scenarios.csv"), Files.readAllBytes(fetched.get(0).file()));
    }

    @Test
    void missingFileNamesTheUrlAndWritesNothing() throws Exception {
        files.remove("/data/education_sleep_scenarios.csv");
        ScenarioFetcher fetcher = new ScenarioFetcher(base("data"));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> fetcher.fetchAll(out));
        String url = base("data") + "education_sleep_scenarios.csv";
        assertTrue(e.getMessage().contains("HTTP 404") && e.getMessage().contains(url), e.getMessage());
        // downloads happen before writes, so the files that did download are not left half a set
        try (Stream<Path> listing = Files.list(out)) {
            assertEquals(List.of(), listing.toList());
        }
    }

    @Test
    void slowServerTimesOutWithTheUrlInTheMessage() {
        ScenarioFetcher fetcher = new ScenarioFetcher(base("slow"), Duration.ofMillis(300));
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> fetcher.fetch(out, List.of(PublishedFormat.DEBT)));
        assertTrue(e.getMessage().contains(base("slow") + "credit_recovery_scenarios.csv")
                && e.getMessage().contains("timed out"), e.getMessage());
    }

    @Test
    void defaultsPointAtTheCompanionRepositoryDataFolder() {
        ScenarioFetcher fetcher = new ScenarioFetcher();
        assertEquals(URI.create("https://raw.githubusercontent.com/Yunbo-max/EmoMAS/HEAD/data/disaster_survivor_scenarios.csv"),
                fetcher.urlOf(PublishedFormat.DISASTER));
        assertThrows(IllegalArgumentException.class, () -> new ScenarioFetcher(URI.create("file:///tmp/data/")));
        assertThrows(IllegalArgumentException.class, () -> new ScenarioFetcher(base("data"), Duration.ZERO));
    }
}
