package io.swoop.testing;

import java.time.Duration;

/**
 * How long a test waits for an event (a file appearing, a line in a log, a process exiting) before
 * it calls the wait a hang. Tests wait on events, never on a clock: the limit only stops a test
 * that would otherwise never end, and says nothing about speed. It is long enough that a slow,
 * loaded 2-core machine never reaches it while the code under test makes progress.
 */
public final class Waits {
  /** The hang guard for every wait in the tests. */
  public static final Duration HANG = Duration.ofMinutes(20);

  private Waits() {}
}
