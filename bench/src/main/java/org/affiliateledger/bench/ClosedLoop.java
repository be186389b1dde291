package org.affiliateledger.bench;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * N clients, each a thread calling its operation back to back for a fixed time (a closed loop: a new request only
 * when the previous one answered), recording every latency in an HdrHistogram.
 */
final class ClosedLoop {
    private ClosedLoop() {
    }

    /** One client's work: one call; throws when the call failed. */
    interface Operation extends AutoCloseable {
        void call() throws Exception;

        @Override
        default void close() {
        }
    }

    record Run(int clients, long operations, long errors, double seconds, Histogram micros) {
        double perSecond() {
            return operations / seconds;
        }

        Latency latency() {
            return Latency.of(micros);
        }
    }

    /** @param clientFactory makes client {@code i}'s operation (its own connection) */
    static Run run(int clients, Duration duration, IntFunction<Operation> clientFactory) {
        List<Operation> operations = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            operations.add(clientFactory.apply(i));
        }
        Histogram[] histograms = new Histogram[clients];
        long[] counts = new long[clients];
        long[] errors = new long[clients];
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        long[] window = new long[2];
        for (int i = 0; i < clients; i++) {
            int client = i;
            histograms[i] = Latency.newHistogram();
            Thread thread = new Thread(() -> {
                ready.countDown();
                await(go);
                long deadline = window[1];
                Operation operation = operations.get(client);
                long now = System.nanoTime();
                while (now < deadline) {
                    try {
                        operation.call();
                        long end = System.nanoTime();
                        Latency.record(histograms[client], now, end);
                        counts[client]++;
                        now = end;
                    } catch (Exception | AssertionError e) {
                        errors[client]++;
                        firstError.compareAndSet(null, e);
                        now = System.nanoTime();
                    }
                }
            }, "client-" + i);
            thread.start();
            threads.add(thread);
        }
        await(ready);
        window[0] = System.nanoTime();
        window[1] = window[0] + duration.toNanos();
        go.countDown();
        for (Thread thread : threads) {
            join(thread);
        }
        long end = System.nanoTime();
        operations.forEach(Operation::close);
        Histogram merged = Latency.newHistogram();
        long total = 0;
        long failed = 0;
        for (int i = 0; i < clients; i++) {
            merged.add(histograms[i]);
            total += counts[i];
            failed += errors[i];
        }
        if (total == 0 && firstError.get() != null) {
            throw new IllegalStateException("every call failed; the first failure", firstError.get());
        }
        if (failed > 0) {
            System.out.printf("  %d of %d calls failed; the first: %s%n", failed, total + failed, firstError.get());
        }
        return new Run(clients, total, failed, (end - window[0]) / 1e9, merged);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
