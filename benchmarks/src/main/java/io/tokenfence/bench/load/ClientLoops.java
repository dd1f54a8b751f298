package io.tokenfence.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * N clients sending requests for a bounded time, each with its own state (e.g. its own session's newest refresh
 * token). Closed loop: each client sends its next request as soon as the previous one is answered, which measures
 * capacity (at saturation, latency is just the queue: clients / throughput). Paced: each client sends on a fixed
 * schedule, which measures the latency a given load sees; a request is timed from when it was due, not from when it
 * was sent, so a server that falls behind is charged for the wait it causes (no coordinated omission).
 */
final class ClientLoops {

    /** One client's request; returns normally on success. */
    interface Step {
        void run() throws Exception;
    }

    /** Runs {@code steps} (one per client) closed-loop for {@code duration} and returns every latency observed. */
    static Latencies run(List<Step> steps, Duration duration, AtomicLong errors) throws InterruptedException {
        return run(steps, duration, 0, errors);
    }

    /**
     * Runs {@code steps} (one per client) for {@code duration}, all clients together offering {@code ratePerSecond}
     * requests per second (0: closed loop), and returns every latency observed.
     */
    static Latencies run(List<Step> steps, Duration duration, double ratePerSecond, AtomicLong errors)
            throws InterruptedException {
        long begin = System.nanoTime();
        long end = begin + duration.toNanos();
        long interval = ratePerSecond > 0 ? (long) (steps.size() * 1e9 / ratePerSecond) : 0;
        List<long[]> perClient = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(steps.size());
        for (int index = 0; index < steps.size(); index++) {
            Step step = steps.get(index);
            // Clients start staggered over one interval, so paced requests arrive evenly rather than in bursts.
            long firstDue = begin + interval * index / steps.size();
            long[] samples = new long[300_000];
            int[] count = new int[1];
            perClient.add(samples);
            counts.add(count);
            Thread client = new Thread(() -> {
                try {
                    long due = firstDue;
                    while (System.nanoTime() < end && count[0] < samples.length) {
                        long start = System.nanoTime();
                        if (interval > 0) {
                            while (start < due) {
                                LockSupport.parkNanos(due - start);
                                start = System.nanoTime();
                            }
                            start = due;
                            due += interval;
                        }
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
