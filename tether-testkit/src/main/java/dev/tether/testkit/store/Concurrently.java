package dev.tether.testkit.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs tasks on virtual threads released together by a barrier, and waits for all with a timeout. */
public final class Concurrently {
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Concurrently() {
    }

    /** Runs {@code task(i)} for i in 0..threads-1 at the same moment; returns results in index order. */
    public static <T> List<T> run(int threads, IndexedTask<T> task) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                Callable<T> call = () -> {
                    start.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    return task.run(index);
                };
                futures.add(executor.submit(call));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            }
            return results;
        } finally {
            // Does not wait: a task stuck past the timeout must not hang the test run.
            executor.shutdownNow();
        }
    }

    /** One thread's work. */
    @FunctionalInterface
    public interface IndexedTask<T> {
        T run(int index) throws Exception;
    }
}
