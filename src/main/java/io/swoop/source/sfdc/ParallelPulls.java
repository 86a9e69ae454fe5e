package io.swoop.source.sfdc;

import io.swoop.core.SwoopException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the objects' pulls a few at a time. The pull that fails first, in time, is the failure the
 * extract reports: the others are told to stop ({@code stopOthers}) and whatever they fail with
 * after that only followed it.
 */
final class ParallelPulls {
  private ParallelPulls() {}

  static <K, V> Map<K, V> run(Map<K, Callable<V>> pulls, int parallelism, Runnable stopOthers) {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, parallelism),
            r -> {
              Thread t = new Thread(r, "swoop-sfdc-pull");
              t.setDaemon(true);
              return t;
            });
    AtomicReference<Throwable> first = new AtomicReference<>();
    Map<K, Future<V>> futures = new LinkedHashMap<>();
    try {
      for (Map.Entry<K, Callable<V>> p : pulls.entrySet()) {
        Callable<V> pull = p.getValue();
        futures.put(
            p.getKey(),
            pool.submit(
                () -> {
                  try {
                    return pull.call();
                  } catch (Throwable e) {
                    if (first.compareAndSet(null, e)) {
                      stopOthers.run();
                    }
                    throw e;
                  }
                }));
      }
      Map<K, V> out = new LinkedHashMap<>();
      boolean failed = false;
      for (Map.Entry<K, Future<V>> f : futures.entrySet()) {
        try {
          out.put(f.getKey(), f.getValue().get());
        } catch (ExecutionException x) {
          failed = true;
        }
      }
      if (failed) {
        Throwable e = first.get();
        if (e instanceof RuntimeException r) {
          throw r;
        }
        if (e instanceof Error r) {
          throw r;
        }
        throw new IllegalStateException(e);
      }
      return out;
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
      stopOthers.run();
      throw SwoopException.sourceFailed("Interrupted while pulling from Salesforce", null);
    } finally {
      pool.shutdownNow();
    }
  }
}
