package dev.emodistill.llm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.Json;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Token usage and cost of one run, per role and model, safe to update from many threads. Cost is
 * {@code input_tokens / 1e6 * price_input + output_tokens / 1e6 * price_output} over the replies actually
 * fetched; replies served from the cache cost nothing and are counted separately (with the tokens they saved).
 * Besides calls, it counts the events a reader of a run should know about: offer corrections and fallbacks,
 * judge replies that did not parse, uses of the offer extractor.
 */
public final class LlmUsage {
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** Counters of one (role, model). */
    public static final class Entry {
        final LlmRole role;
        final String model;
        final double priceInput;
        final double priceOutput;
        final AtomicLong httpCalls = new AtomicLong();
        final AtomicLong replies = new AtomicLong();
        final AtomicLong retries = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final AtomicLong cacheHits = new AtomicLong();
        final AtomicLong inputTokens = new AtomicLong();
        final AtomicLong outputTokens = new AtomicLong();
        final AtomicLong savedInputTokens = new AtomicLong();
        final AtomicLong savedOutputTokens = new AtomicLong();
        final Map<String, AtomicLong> events = new ConcurrentHashMap<>();

        Entry(LlmRole role, String model, double priceInput, double priceOutput) {
            this.role = role;
            this.model = model;
            this.priceInput = priceInput;
            this.priceOutput = priceOutput;
        }

        double cost() {
            return inputTokens.get() / 1e6 * priceInput + outputTokens.get() / 1e6 * priceOutput;
        }
    }

    private Entry entry(RoleSettings s) {
        return entries.computeIfAbsent(s.role().label() + "|" + s.model(),
                k -> new Entry(s.role(), s.model(), s.priceInputPerMillion(), s.priceOutputPerMillion()));
    }

    /** One HTTP attempt was made (a retry when {@code retry}). */
    void attempt(RoleSettings s, boolean retry) {
        Entry e = entry(s);
        e.httpCalls.incrementAndGet();
        if (retry) {
            e.retries.incrementAndGet();
        }
    }

    /** A reply arrived from the server. */
    void reply(RoleSettings s, ChatReply r) {
        Entry e = entry(s);
        e.replies.incrementAndGet();
        e.inputTokens.addAndGet(r.inputTokens());
        e.outputTokens.addAndGet(r.outputTokens());
    }

    /** A reply was served from the cache. */
    void cacheHit(RoleSettings s, ChatReply r) {
        Entry e = entry(s);
        e.cacheHits.incrementAndGet();
        e.savedInputTokens.addAndGet(r.inputTokens());
        e.savedOutputTokens.addAndGet(r.outputTokens());
    }

    /** A call failed for good (after its retries). */
    void failure(RoleSettings s) {
        entry(s).failures.incrementAndGet();
    }

    /** Counts a named event for a role, e.g. {@code offer_fallbacks}. */
    public void event(RoleSettings s, String name) {
        entry(s).events.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
    }

    /** HTTP requests made so far, over every role (retries included). */
    public long httpCalls() {
        return entries.values().stream().mapToLong(e -> e.httpCalls.get()).sum();
    }

    /** Replies served from the cache so far. */
    public long cacheHits() {
        return entries.values().stream().mapToLong(e -> e.cacheHits.get()).sum();
    }

    public long inputTokens() {
        return entries.values().stream().mapToLong(e -> e.inputTokens.get()).sum();
    }

    public long outputTokens() {
        return entries.values().stream().mapToLong(e -> e.outputTokens.get()).sum();
    }

    /** Total cost in USD of the replies fetched (not cached) so far. */
    public double cost() {
        return entries.values().stream().mapToDouble(Entry::cost).sum();
    }

    /** How often a named event happened, over every role. */
    public long events(String name) {
        return entries.values().stream().mapToLong(e -> {
            AtomicLong v = e.events.get(name);
            return v == null ? 0 : v.get();
        }).sum();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The usage record written into manifests and summaries. */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("http_calls", httpCalls());
        o.put("cache_hits", cacheHits());
        o.put("input_tokens", inputTokens());
        o.put("output_tokens", outputTokens());
        o.put("cost_usd", Json.round(cost(), 6));
        o.put("cost_formula", "input_tokens / 1e6 * price_input + output_tokens / 1e6 * price_output, over replies "
                + "fetched from the server (cache hits cost nothing)");
        ObjectNode roles = o.putObject("by_role");
        Map<String, Entry> sorted = new TreeMap<>(entries);
        for (Entry e : sorted.values()) {
            ObjectNode r = roles.putObject(e.role.label() + " " + e.model);
            r.put("role", e.role.label());
            r.put("model", e.model);
            r.put("http_calls", e.httpCalls.get());
            r.put("replies", e.replies.get());
            r.put("retries", e.retries.get());
            r.put("failures", e.failures.get());
            r.put("cache_hits", e.cacheHits.get());
            r.put("input_tokens", e.inputTokens.get());
            r.put("output_tokens", e.outputTokens.get());
            r.put("saved_input_tokens", e.savedInputTokens.get());
            r.put("saved_output_tokens", e.savedOutputTokens.get());
            r.put("price_input_per_1m", e.priceInput);
            r.put("price_output_per_1m", e.priceOutput);
            r.put("cost_usd", Json.round(e.cost(), 6));
            if (!e.events.isEmpty()) {
                ObjectNode ev = r.putObject("events");
                new TreeMap<>(e.events).forEach((k, v) -> ev.put(k, v.get()));
            }
        }
        return o;
    }

    /** One line for standard error: calls, cache hits, tokens and cost. */
    public String summaryLine() {
        return String.format(java.util.Locale.ROOT,
                "LLM usage: %d HTTP calls, %d cache hits, %d input + %d output tokens, cost $%.4f",
                httpCalls(), cacheHits(), inputTokens(), outputTokens(), cost());
    }
}
