package io.swoop.source.sfdc;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.swoop.config.SwoopConfig;
import java.util.function.Supplier;

/**
 * The one retry policy of every Salesforce call (SOAP, Bulk API, the token endpoint, SOAP login):
 * up to {@code sfdc.max_retries} more tries after the first, each after a pause drawn from [c/2, c]
 * where c is {@code sfdc.backoff_millis} doubled per try (exponential backoff with jitter). An
 * attempt asks for another try by throwing {@link Again}; anything else it throws ends the call at
 * once.
 */
final class SfdcRetry {
  /** A fault worth another try after a pause: 5xx, an HTML page, a broken connection. */
  static final class Again extends RuntimeException {
    Again(String why, Throwable cause) {
      super(why, cause, false, false);
    }
  }

  /** What a call that used up its tries throws: {@code tries} made, the {@code last} fault. */
  @FunctionalInterface
  interface GaveUp {
    RuntimeException after(int tries, Again last);
  }

  private final Retry retry;
  private final int tries;

  SfdcRetry(SwoopConfig config) {
    long base = config.sfdcBackoffMillis();
    this.tries = config.sfdcMaxRetries() + 1;
    this.retry =
        Retry.of(
            "salesforce",
            RetryConfig.custom()
                .maxAttempts(tries)
                .intervalFunction(attempt -> pause(base, attempt - 1))
                .retryExceptions(Again.class)
                .build());
  }

  /** Runs {@code attempt} until it returns, fails otherwise, or the tries are used up. */
  <T> T call(Supplier<T> attempt, GaveUp gaveUp) {
    try {
      return retry.executeSupplier(attempt);
    } catch (Again last) {
      throw gaveUp.after(tries, last);
    }
  }

  /** The pause before retry {@code attempt} (0-based), in milliseconds. */
  static long pause(long baseMillis, int attempt) {
    long ceiling = baseMillis << Math.min(attempt, 16);
    return ceiling / 2 + (long) (Math.random() * (ceiling / 2 + 1));
  }
}
