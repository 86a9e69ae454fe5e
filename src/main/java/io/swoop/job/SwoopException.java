package io.swoop.job;

/**
 * A failure swoop explains to its user. {@link io.swoop.job.Main} is the one place that turns it
 * into an exit code; messages name the file, line, column or key and never hold a secret.
 */
public class SwoopException extends RuntimeException {
  /** Exit code for bad arguments, configuration or input. */
  public static final int BAD_INPUT = 2;

  /** Exit code for a source that failed: SFDC unreachable, login refused, API budget spent. */
  public static final int SOURCE_FAILED = 3;

  private final int exitCode;

  public SwoopException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public SwoopException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** Bad arguments, configuration or input: exit 2. */
  public static SwoopException badInput(String format, Object... args) {
    return new SwoopException(BAD_INPUT, String.format(format, args));
  }

  /** The source failed: exit 3. */
  public static SwoopException sourceFailed(String message, Throwable cause) {
    return new SwoopException(SOURCE_FAILED, message, cause);
  }

  public int exitCode() {
    return exitCode;
  }
}
