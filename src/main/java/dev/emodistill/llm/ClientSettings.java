package dev.emodistill.llm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings shared by every role of one run: timeouts, the retry budget and its backoff, the global limit on
 * concurrent requests, and the response cache.
 *
 * @param connectTimeout  how long to wait for a TCP/TLS connection ({@code --llm-connect-timeout})
 * @param requestTimeout  how long to wait for a reply once the request is sent ({@code --llm-timeout})
 * @param retries         retries after the first attempt on 429, 5xx, timeouts and refused connections
 * @param initialBackoff  first backoff; doubles per retry, with jitter ({@code --llm-backoff-ms})
 * @param maxBackoff      cap on one wait, including a server's {@code Retry-After} ({@code --llm-max-backoff-ms})
 * @param concurrency     requests in flight at once, over all roles and threads ({@code --llm-concurrency})
 * @param cacheMode       off, read or readwrite
 * @param cacheDir        where cached replies live
 */
public record ClientSettings(Duration connectTimeout, Duration requestTimeout, int retries, Duration initialBackoff,
                             Duration maxBackoff, int concurrency, CacheMode cacheMode, Path cacheDir) {
    public ClientSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(cacheMode, "cacheMode");
        Objects.requireNonNull(cacheDir, "cacheDir");
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative, got " + retries);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
    }
}
