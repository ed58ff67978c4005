package dev.emodistill.io;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Maps independent tasks over a fixed number of worker threads and returns the results in input order, so a
 * deterministic task gives the same output list for any number of workers.
 */
public final class Parallel {
    private Parallel() {
    }

    /**
     * @param onEach called once after each task finishes (from worker threads), e.g. to advance a progress bar
     */
    public static <T, R> List<R> map(List<T> tasks, int workers, String threadName, Function<T, R> task, Runnable onEach) {
        if (workers <= 1 || tasks.size() <= 1) {
            List<R> out = new ArrayList<>(tasks.size());
            for (T t : tasks) {
                out.add(task.apply(t));
                onEach.run();
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread th = new Thread(r, threadName);
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<R>> futures = new ArrayList<>(tasks.size());
            for (T t : tasks) {
                futures.add(pool.submit(() -> {
                    R r = task.apply(t);
                    onEach.run();
                    return r;
                }));
            }
            List<R> out = new ArrayList<>(tasks.size());
            for (Future<R> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(threadName + " interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }
}
