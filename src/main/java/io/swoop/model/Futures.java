package io.swoop.model;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Waiting for work swoop runs on a few threads at once (the objects' parses, intermediates, table
 * writes): a failure surfaces as it was raised, not wrapped, so the job maps it to an exit code as
 * if it had run on one thread.
 */
public final class Futures {
  private Futures() {}

  /**
   * The future's value.
   *
   * @param waitingFor what the caller waits for, for the message when the wait is interrupted
   */
  public static <T> T await(Future<T> future, String waitingFor) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while " + waitingFor, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** {@code threads} daemon threads named {@code name}, for work to run at once. */
  public static ExecutorService pool(int threads, String name) {
    return Executors.newFixedThreadPool(
        Math.max(1, threads),
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Takes no more work and waits for what {@code pool} runs: on a failure the other work is left to
   * finish, so none outlives the stage that started it.
   */
  public static void finish(ExecutorService pool) {
    pool.shutdown();
    try {
      pool.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
