package dev.emodistill.domain;

import dev.emodistill.io.AtomicFiles;
import dev.emodistill.io.Provenance;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Downloads the four published scenario CSVs (DESIGN §2.1) for users who are online: {@code emodistill
 * scenarios fetch --out DIR}. Nothing else in the project touches the network.
 *
 * <p>All files are downloaded before any is written, so a failure (a 404, a timeout) leaves the output folder
 * as it was; each file is then written atomically. The bytes are stored exactly as served, and the returned
 * SHA-256 is the same digest the importer records, so provenance can be checked end to end.
 */
public final class ScenarioFetcher {
    /**
     * The {@code data/} folder of the paper's companion repository. {@code HEAD} makes the raw host serve the
     * default branch, whatever it is called.
     */
    public static final URI DEFAULT_BASE_URL = URI.create("https://raw.githubusercontent.com/Yunbo-max/EmoMAS/HEAD/data/");
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** The published files are about 40 KB; anything far larger is not one of them. */
    static final int MAX_BYTES = 16 * 1024 * 1024;

    private final URI baseUrl;
    private final Duration timeout;
    private final HttpClient client;

    /**
     * One downloaded file.
     *
     * @param name   the published file name
     * @param file   where it was written
     * @param bytes  its size in bytes
     * @param sha256 hex SHA-256 of its bytes
     */
    public record Fetched(String name, Path file, long bytes, String sha256) {
    }

    /** Fetches from the companion repository with the default timeout. */
    public ScenarioFetcher() {
        this(DEFAULT_BASE_URL, DEFAULT_TIMEOUT);
    }

    public ScenarioFetcher(URI baseUrl) {
        this(baseUrl, DEFAULT_TIMEOUT);
    }

    /**
     * @param baseUrl the folder holding the four files (a trailing slash is added if missing)
     * @param timeout limit for connecting and for each whole request
     */
    public ScenarioFetcher(URI baseUrl, Duration timeout) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        String scheme = baseUrl.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("base URL must be http or https, got " + baseUrl);
        }
        String s = baseUrl.toString();
        this.baseUrl = URI.create(s.endsWith("/") ? s : s + "/");
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** The URL a format's file is downloaded from. */
    public URI urlOf(PublishedFormat format) {
        return baseUrl.resolve(format.fileName());
    }

    /** Downloads all four published files into {@code outDir}, in {@link PublishedFormat} order. */
    public List<Fetched> fetchAll(Path outDir) {
        return fetch(outDir, Arrays.asList(PublishedFormat.values()));
    }

    /**
     * Downloads the given files into {@code outDir} under their published names.
     *
     * @throws UncheckedIOException naming the URL when a download fails (HTTP status other than 200, timeout,
     *                              no connection, not UTF-8 text) or a file cannot be written
     */
    public List<Fetched> fetch(Path outDir, List<PublishedFormat> formats) {
        Objects.requireNonNull(outDir, "outDir");
        List<String> texts = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        for (PublishedFormat f : formats) {
            URI url = urlOf(f);
            byte[] body = download(url);
            texts.add(utf8(url, body));
            bodies.add(body);
        }
        List<Fetched> fetched = new ArrayList<>();
        for (int i = 0; i < formats.size(); i++) {
            PublishedFormat f = formats.get(i);
            Path target = outDir.resolve(f.fileName());
            // Valid UTF-8 decodes and re-encodes to the same bytes, so the text writer stores them unchanged.
            AtomicFiles.writeString(target, texts.get(i));
            String digest = Provenance.sha256(bodies.get(i));
            verify(target, digest);
            fetched.add(new Fetched(f.fileName(), target, bodies.get(i).length, digest));
        }
        return List.copyOf(fetched);
    }

    private byte[] download(URI url) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP " + response.statusCode() + " from " + response.uri()
                            + (response.uri().equals(url) ? "" : " (redirected from " + url + ")"));
                }
                byte[] body = in.readNBytes(MAX_BYTES + 1);
                if (body.length > MAX_BYTES) {
                    throw new IOException("response from " + url + " is larger than " + MAX_BYTES
                            + " bytes; this is not a published scenario file");
                }
                return body;
            }
        } catch (HttpTimeoutException e) {
            throw new UncheckedIOException("download of " + url + " timed out after " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("download of " + url + " was interrupted"));
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new UncheckedIOException(why.contains(url.toString()) ? why
                    : "cannot download " + url + ": " + why, e);
        }
    }

    private static String utf8(URI url, byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new UncheckedIOException("response from " + url + " is not UTF-8 text", e);
        }
    }

    private static void verify(Path target, String expectedSha256) {
        try {
            String actual = Provenance.sha256(Files.readAllBytes(target));
            if (!actual.equals(expectedSha256)) {
                throw new IOException("written file differs from the download (sha256 " + actual + ", expected "
                        + expectedSha256 + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot verify " + target + ": " + e.getMessage(), e);
        }
    }
}
