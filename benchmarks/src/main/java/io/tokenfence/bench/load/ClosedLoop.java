package io.tokenfence.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N clients, each sending its next request as soon as the previous one is answered, for a bounded time. Each client
 * has its own state (e.g. its own session's newest refresh token).
 */
final class ClosedLoop {

    /** One client's request; returns normally on success. */
    interface Step {
        void run() throws Exception;
    }

    /** Runs {@code steps} (one per client) for {@code duration} and returns every latency observed. */
    static Latencies run(List<Step> steps, Duration duration, AtomicLong errors) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        List<long[]> perClient = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(steps.size());
        for (Step step : steps) {
            long[] samples = new long[300_000];
            int[] count = new int[1];
            perClient.add(samples);
            counts.add(count);
            Thread client = new Thread(() -> {
                try {
                    while (System.nanoTime() < end && count[0] < samples.length) {
                        long start = System.nanoTime();
                        try {
                            step.run();
                            samples[count[0]++] = System.nanoTime() - start;
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                    }
                } finally {
                    done.countDown();
                }
            }, "bench-client");
            client.start();
        }
        done.await();
        int total = counts.stream().mapToInt(c -> c[0]).sum();
        long[] all = new long[total];
        int offset = 0;
        for (int i = 0; i < perClient.size(); i++) {
            System.arraycopy(perClient.get(i), 0, all, offset, counts.get(i)[0]);
            offset += counts.get(i)[0];
        }
        return Latencies.of(all);
    }
}
