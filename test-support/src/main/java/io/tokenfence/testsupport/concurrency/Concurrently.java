package io.tokenfence.testsupport.concurrency;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs one call on many threads released at the same instant, the way browser tabs or retrying clients collide. */
public final class Concurrently {

    /** A call that knows which of the concurrent callers it is (0-based). */
    @FunctionalInterface
    public interface IndexedCall<T> {
        T call(int index) throws Exception;
    }

    private Concurrently() {
    }

    public static <T> List<T> run(int count, Callable<T> call) throws Exception {
        return run(count, index -> call.call());
    }

    public static <T> List<T> run(int count, IndexedCall<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call(index);
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
