package dev.emodistill.lm.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Turns many single, blocking requests from episode threads into batched calls on one worker thread. Episodes
 * ask their expresser for one utterance at a time, but a language model generates a batch of prompts with a KV
 * cache for little more than the cost of one; with dozens of episodes in flight the worker gathers whatever is
 * waiting (up to {@code maxBatch}, waiting at most {@code maxWaitMillis} for more) and answers them together.
 *
 * <p>Results do not depend on which requests share a batch as long as the batch function treats each request
 * independently (the generator seeds every prompt on its own). An exception from the batch function fails every
 * request of that batch. {@link #close()} stops the worker; later submissions fail.
 *
 * @param <Q> request type
 * @param <R> result type
 */
public final class RequestBatcher<Q, R> implements AutoCloseable {
    private record Pending<Q, R>(Q request, CompletableFuture<R> result) {
    }

    private final Function<List<Q>, List<R>> batchFunction;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final LinkedBlockingQueue<Pending<Q, R>> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private volatile boolean closed;
    private long batches;
    private long requests;

    public RequestBatcher(String name, Function<List<Q>, List<R>> batchFunction, int maxBatch, long maxWaitMillis) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        this.batchFunction = batchFunction;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
        this.worker = new Thread(this::loop, name);
        worker.setDaemon(true);
        worker.start();
    }

    /** Blocks until the request's batch is done. */
    public R submit(Q request) {
        if (closed) {
            throw new IllegalStateException("the batcher is closed");
        }
        CompletableFuture<R> f = new CompletableFuture<>();
        queue.add(new Pending<>(request, f));
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Batches run so far and requests answered (for throughput reports). */
    public synchronized long[] counts() {
        return new long[] {batches, requests};
    }

    private void loop() {
        List<Pending<Q, R>> batch = new ArrayList<>(maxBatch);
        while (!closed) {
            try {
                Pending<Q, R> first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + maxWaitNanos;
                while (batch.size() < maxBatch) {
                    long left = deadline - System.nanoTime();
                    Pending<Q, R> next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                run(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
        Pending<Q, R> left;
        while ((left = queue.poll()) != null) {
            left.result().completeExceptionally(new IllegalStateException("the batcher was closed"));
        }
    }

    private void run(List<Pending<Q, R>> batch) {
        List<Q> requestsOfBatch = new ArrayList<>(batch.size());
        batch.forEach(p -> requestsOfBatch.add(p.request()));
        try {
            List<R> results = batchFunction.apply(requestsOfBatch);
            if (results.size() != batch.size()) {
                throw new IllegalStateException("the batch function returned " + results.size() + " results for "
                        + batch.size() + " requests");
            }
            synchronized (this) {
                batches++;
                requests += batch.size();
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(results.get(i));
            }
        } catch (RuntimeException | Error e) {
            batch.forEach(p -> p.result().completeExceptionally(e));
        }
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
