package dev.emodistill.lm.agent;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestBatcherTest {
    @Test
    void concurrentRequestsAreAnsweredCorrectlyInFewerBatches() throws Exception {
        List<Integer> sizes = new ArrayList<>();
        try (RequestBatcher<Integer, Integer> b = new RequestBatcher<>("test", xs -> {
            synchronized (sizes) {
                sizes.add(xs.size());
            }
            sleep(5);
            return xs.stream().map(x -> x * x).toList();
        }, 16, 2)) {
            ExecutorService pool = Executors.newFixedThreadPool(32);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int x = i;
                results.add(pool.submit(() -> b.submit(x)));
            }
            for (int i = 0; i < 400; i++) {
                assertEquals(i * i, results.get(i).get());
            }
            pool.shutdown();
            assertEquals(400, sizes.stream().mapToInt(Integer::intValue).sum());
            assertTrue(sizes.size() < 100, "batched: " + sizes.size() + " calls for 400 requests");
            assertTrue(sizes.stream().allMatch(s -> s <= 16));
            assertEquals(400, b.counts()[1]);
        }
    }

    @Test
    void aFailingBatchFailsItsRequestsOnlyAndTheBatcherGoesOn() {
        try (RequestBatcher<Integer, Integer> b = new RequestBatcher<>("test", xs -> {
            if (xs.contains(-1)) {
                throw new IllegalArgumentException("negative");
            }
            return xs;
        }, 1, 0)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.submit(-1));
            assertEquals("negative", e.getMessage());
            assertEquals(7, b.submit(7));
        }
    }

    @Test
    void aClosedBatcherRefusesWork() {
        RequestBatcher<Integer, Integer> b = new RequestBatcher<>("test", xs -> xs, 4, 1);
        b.close();
        assertThrows(IllegalStateException.class, () -> b.submit(1));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
