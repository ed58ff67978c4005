package dev.emodistill.llm;

import dev.emodistill.llm.StubLlmServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP client against a real local server: retries, backoff, timeouts, errors, cache, accounting. */
class LlmClientTest {
    static final String KEY = "sk-test-SECRET-4242-do-not-leak";

    @TempDir
    Path tmp;

    StubLlmServer server = StubLlmServer.start(call -> Reply.content("hello"));

    @AfterEach
    void stop() {
        server.close();
    }

    LlmClient client(CacheMode mode, int retries, Duration timeout) {
        ClientSettings cs = new ClientSettings(Duration.ofSeconds(2), timeout, retries, Duration.ofMillis(5),
                Duration.ofMillis(50), 4, mode, tmp.resolve("cache"));
        return new LlmClient(cs, Map.of("STUB_KEY", KEY)::get, new LlmUsage());
    }

    LlmClient client() {
        return client(CacheMode.READWRITE, 3, Duration.ofSeconds(5));
    }

    RoleSettings role(LlmRole r) {
        return new RoleSettings(r, server.baseUrl(), "stub-model", "STUB_KEY", 0.7, 64, List.of(), true, 2.0, 8.0,
                Map.of("model", "--llm-model"));
    }

    ChatRequest request(String text) {
        return ChatRequest.of(role(LlmRole.EXPRESSER), List.of(ChatMessage.system("sys"), ChatMessage.user(text)), 7);
    }

    @Test
    void sendsTheOpenAiRequestShapeWithTheKeyInTheHeaderOnly() {
        LlmClient c = client();
        ChatReply r = c.chat(role(LlmRole.EXPRESSER), request("hi"));
        assertEquals("hello", r.content());
        StubLlmServer.Call call = server.calls().get(0);
        assertEquals("/v1/chat/completions", call.path());
        assertEquals("stub-model", call.body().path("model").asText());
        assertEquals(2, call.body().path("messages").size());
        assertEquals("user", call.body().path("messages").get(1).path("role").asText());
        assertEquals(0.7, call.body().path("temperature").asDouble());
        assertEquals(64, call.body().path("max_tokens").asInt());
        assertEquals(7, call.body().path("seed").asLong());
        assertTrue(call.body().path("stop").isMissingNode(), "no stop sequences configured, none sent");
        assertEquals("Bearer " + KEY, call.authorization());
        assertFalse(call.body().toString().contains(KEY));
    }

    @Test
    void retriesServerErrorsWithBackoffThenSucceeds() {
        server.script(Reply.serverError(), Reply.status(503, "busy"), Reply.content("ok"));
        LlmClient c = client();
        assertEquals("ok", c.chat(role(LlmRole.JUDGE), request("x")).content());
        assertEquals(3, server.callCount());
        assertEquals(3, c.usage().httpCalls());
        assertEquals(2, c.usage().toJson().path("by_role").path("judge stub-model").path("retries").asInt());
    }

    @Test
    void honoursRetryAfterOn429() {
        server.script(Reply.rateLimited("1"), Reply.content("after the wait"));
        // The backoff cap must exceed Retry-After, or the client would (by design) wait only the cap.
        ClientSettings wide = new ClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), 2, Duration.ofMillis(5),
                Duration.ofSeconds(3), 4, CacheMode.OFF, tmp.resolve("c2"));
        LlmClient c = new LlmClient(wide, Map.of("STUB_KEY", KEY)::get, new LlmUsage());
        long t0 = System.nanoTime();
        assertEquals("after the wait", c.chat(role(LlmRole.EXPRESSER), request("x")).content());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 950, "waited only " + ms + " ms despite Retry-After: 1");
        assertEquals(2, server.callCount());
    }

    @Test
    void givesUpAfterTheRetryBudgetWithAMessageNamingTheRoleAndTheSetting() {
        server.responder(call -> Reply.serverError());
        LlmClient c = client(CacheMode.READWRITE, 2, Duration.ofSeconds(5));
        LlmException e = assertThrows(LlmException.class, () -> c.chat(role(LlmRole.JUDGE), request("x")));
        assertEquals(3, server.callCount(), "one attempt plus two retries");
        assertEquals(LlmException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().startsWith("judge LLM (model stub-model at " + server.baseUrl() + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 500") && e.getMessage().contains("--llm-retries 2"), e.getMessage());
        assertEquals(1, c.usage().toJson().path("by_role").path("judge stub-model").path("failures").asInt());
    }

    @Test
    void aSlowReplyPastTheReadTimeoutIsRetried() {
        server.script(Reply.content("too late").after(1500), Reply.content("in time"));
        LlmClient c = client(CacheMode.OFF, 1, Duration.ofMillis(300));
        long t0 = System.nanoTime();
        assertEquals("in time", c.chat(role(LlmRole.EXPRESSER), request("x")).content());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 1400, "the client waited for the slow reply: " + ms + " ms");
        assertEquals(2, server.callCount());
    }

    @Test
    void aReplyThatNeverComesEndsInATimeoutMessage() {
        server.responder(call -> Reply.content("late").after(800));
        LlmClient c = client(CacheMode.OFF, 1, Duration.ofMillis(150));
        LlmException e = assertThrows(LlmException.class, () -> c.chat(role(LlmRole.COUNTERPARTY), request("x")));
        assertTrue(e.getMessage().contains("no reply within 0.2 s (--llm-timeout)")
                || e.getMessage().contains("no reply within 0.1 s (--llm-timeout)"), e.getMessage());
        assertTrue(e.getMessage().startsWith("counterparty LLM"), e.getMessage());
    }

    @Test
    void malformedJsonIsRetriedAndReportedWhenItPersists() {
        server.script(Reply.malformed(), Reply.content("fine"));
        LlmClient c = client();
        assertEquals("fine", c.chat(role(LlmRole.EXPRESSER), request("a")).content());
        server.responder(call -> Reply.malformed());
        LlmException e = assertThrows(LlmException.class, () -> c.chat(role(LlmRole.EXPRESSER), request("b")));
        assertEquals(LlmException.Kind.BAD_REPLY, e.kind());
        assertTrue(e.getMessage().contains("not a chat completion (malformed JSON)"), e.getMessage());
    }

    @Test
    void emptyContentIsReturnedForTheRoleToJudge() {
        server.script(Reply.emptyContent());
        assertEquals("", client().chat(role(LlmRole.EXPRESSER), request("x")).content());
    }

    @Test
    void wrongKeyFailsAtOnceNamingTheVariableNeverTheKey() {
        server.requireKey("sk-the-right-one-0000");
        LlmClient c = client();
        LlmException e = assertThrows(LlmException.class, () -> c.chat(role(LlmRole.JUDGE), request("x")));
        assertEquals(1, server.callCount(), "a 401 is not retried");
        assertEquals(LlmException.Kind.CONFIGURATION, e.kind());
        assertTrue(e.getMessage().contains("HTTP 401") && e.getMessage().contains("STUB_KEY"), e.getMessage());
        assertFalse(e.getMessage().contains(KEY), "the server echoed the key; the message must not: " + e.getMessage());
        assertTrue(e.getMessage().contains(Redactor.MASK), e.getMessage());
    }

    @Test
    void unsetKeyVariableSaysSoAndSendsNoHeader() {
        server.requireKey("sk-needed-0000");
        RoleSettings r = new RoleSettings(LlmRole.JUDGE, server.baseUrl(), "stub-model", "NOT_SET_ANYWHERE", 0, 16,
                List.of(), true, 0, 0, Map.of("api_key_env", "--judge-llm-api-key-env"));
        LlmException e = assertThrows(LlmException.class, () -> client().chat(r, request("x")));
        assertEquals(null, server.calls().get(0).authorization());
        assertTrue(e.getMessage().contains("the environment variable NOT_SET_ANYWHERE is not set (named by "
                + "--judge-llm-api-key-env)"), e.getMessage());
    }

    @Test
    void unknownModelNamesTheModelSetting() {
        server.models("real-model");
        LlmException e = assertThrows(LlmException.class, () -> client().chat(role(LlmRole.EXPRESSER), request("x")));
        assertEquals(1, server.callCount());
        assertTrue(e.getMessage().contains("HTTP 404") && e.getMessage().contains("--llm-model 'stub-model'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void unreachableUrlIsRetriedThenReportedWithTheSetting() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RoleSettings r = new RoleSettings(LlmRole.EXPRESSER, "http://127.0.0.1:" + port + "/v1", "m", "STUB_KEY", 0.7,
                16, List.of(), true, 0, 0, Map.of("base_url", "--expresser-llm-base-url"));
        LlmClient c = client(CacheMode.OFF, 1, Duration.ofSeconds(2));
        LlmException e = assertThrows(LlmException.class, () -> c.chat(r, request("x")));
        assertEquals(LlmException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("cannot reach --expresser-llm-base-url 'http://127.0.0.1:" + port + "/v1'"),
                e.getMessage());
        assertEquals(2, c.usage().httpCalls());
    }

    @Test
    void theCacheServesASecondRunWithoutAnyRequest() {
        server.responder(call -> Reply.content("reply to " + call.lastUser(), 100, 20));
        LlmClient first = client();
        List<String> a = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            a.add(first.chat(role(LlmRole.EXPRESSER), request("q" + i)).content());
        }
        assertEquals(5, server.callCount());
        LlmClient second = client();
        List<String> b = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            b.add(second.chat(role(LlmRole.EXPRESSER), request("q" + i)).content());
        }
        assertEquals(5, server.callCount(), "the rerun made requests");
        assertEquals(a, b);
        assertEquals(5, second.usage().cacheHits());
        assertEquals(0.0, second.usage().cost());
        // Another seed, temperature or model is another request.
        ChatRequest other = ChatRequest.of(role(LlmRole.EXPRESSER), request("q0").messages(), 8);
        second.chat(role(LlmRole.EXPRESSER), other);
        assertEquals(6, server.callCount());
    }

    @Test
    void readModeReusesButDoesNotStoreAndOffIgnoresTheCache() {
        client().chat(role(LlmRole.EXPRESSER), request("stored"));
        assertEquals(1, server.callCount());
        LlmClient read = client(CacheMode.READ, 0, Duration.ofSeconds(5));
        read.chat(role(LlmRole.EXPRESSER), request("stored"));
        read.chat(role(LlmRole.EXPRESSER), request("new"));
        read.chat(role(LlmRole.EXPRESSER), request("new"));
        assertEquals(3, server.callCount(), "read mode stored the new reply");
        LlmClient off = client(CacheMode.OFF, 0, Duration.ofSeconds(5));
        off.chat(role(LlmRole.EXPRESSER), request("stored"));
        assertEquals(4, server.callCount());
    }

    @Test
    void aReplyTheParserRejectsIsNotCached() {
        server.script(Reply.content("no score here"), Reply.content("SCORE: 4"));
        LlmClient c = client();
        LlmClient.ReplyParser<Integer> strict = content -> {
            if (!content.startsWith("SCORE: ")) {
                throw new LlmException(LlmException.Kind.BAD_REPLY, LlmRole.JUDGE, "no score");
            }
            return Integer.parseInt(content.substring(7));
        };
        assertThrows(LlmException.class, () -> c.chat(role(LlmRole.JUDGE), request("x"), strict));
        assertEquals(4, c.chat(role(LlmRole.JUDGE), request("x"), strict));
        assertEquals(4, client().chat(role(LlmRole.JUDGE), request("x"), strict));
        assertEquals(2, server.callCount());
    }

    @Test
    void costIsTokensTimesPricesOverFetchedReplies() {
        server.responder(call -> Reply.content("x", 1000, 250));
        LlmClient c = client();
        c.chat(role(LlmRole.EXPRESSER), request("1"));
        c.chat(role(LlmRole.EXPRESSER), request("2"));
        c.chat(role(LlmRole.EXPRESSER), request("1"));
        assertEquals(2000, c.usage().inputTokens());
        assertEquals(500, c.usage().outputTokens());
        // 2000 / 1e6 * 2.0 + 500 / 1e6 * 8.0
        assertEquals(0.008, c.usage().cost(), 1e-12);
        assertEquals(1, c.usage().cacheHits());
        assertEquals(0.008, c.usage().toJson().path("cost_usd").asDouble(), 1e-12);
    }

    @Test
    void theConcurrencyLimitHoldsAcrossThreads() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        server.responder(call -> {
            int now = inFlight.incrementAndGet();
            peak.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(40);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return Reply.content("ok");
        });
        ClientSettings cs = new ClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), 0, Duration.ofMillis(5),
                Duration.ofMillis(50), 2, CacheMode.OFF, tmp.resolve("c"));
        LlmClient c = new LlmClient(cs, Map.of("STUB_KEY", KEY)::get, new LlmUsage());
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<ChatReply>> fs = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int k = i;
                fs.add(pool.submit(() -> c.chat(role(LlmRole.EXPRESSER), request("p" + k))));
            }
            for (Future<ChatReply> f : fs) {
                assertEquals("ok", f.get().content());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(12, server.callCount());
        assertTrue(peak.get() <= 2, "peak concurrency " + peak.get());
    }

    @Test
    void cacheEntriesNeverHoldTheKey() throws Exception {
        LlmClient c = client();
        for (int i = 0; i < 3; i++) {
            c.chat(role(LlmRole.EXPRESSER), request("k" + i));
        }
        try (Stream<Path> files = Files.walk(tmp)) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            assertEquals(3, all.size());
            for (Path f : all) {
                assertFalse(Files.readString(f).contains(KEY), f.toString());
            }
        }
    }

    @Test
    void retryAfterAcceptsSecondsAndHttpDates() {
        assertEquals(Duration.ofMillis(1500), LlmClient.retryAfter(response("1.5")));
        assertEquals(Duration.ZERO, LlmClient.retryAfter(response("soon")));
        Duration d = LlmClient.retryAfter(response(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(30))));
        assertTrue(d.getSeconds() >= 28 && d.getSeconds() <= 30, d.toString());
    }

    private static java.net.http.HttpResponse<String> response(String retryAfter) {
        java.net.http.HttpHeaders h = java.net.http.HttpHeaders.of(Map.of("Retry-After", List.of(retryAfter)), (a, b) -> true);
        return new java.net.http.HttpResponse<>() {
            public int statusCode() { return 429; }
            public java.net.http.HttpRequest request() { return null; }
            public java.util.Optional<java.net.http.HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
            public java.net.http.HttpHeaders headers() { return h; }
            public String body() { return ""; }
            public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
            public java.net.URI uri() { return null; }
            public java.net.http.HttpClient.Version version() { return java.net.http.HttpClient.Version.HTTP_1_1; }
        };
    }
}
