package io.swoop.core;

/**
 * A failure swoop explains to its user. It says what kind of failure it is; {@code
 * io.swoop.job.Main} is the one place that turns a kind into an exit code. Messages name the file,
 * line, column or key and never hold a secret.
 */
public class SwoopException extends RuntimeException {

  /** What went wrong, as far as the caller of swoop can act on it. */
  public enum Kind {
    /** Bad arguments, configuration or input: the user fixes the command or the data. */
    BAD_INPUT,
    /** The source failed: SFDC unreachable, login refused, API budget spent. */
    SOURCE_FAILED,
    /** Anything else swoop can explain, such as a run that was not published as asked. */
    FAILED
  }

  private final Kind kind;

  public SwoopException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public SwoopException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** Bad arguments, configuration or input. */
  public static SwoopException badInput(String format, Object... args) {
    return new SwoopException(Kind.BAD_INPUT, String.format(format, args));
  }

  /** The source failed. */
  public static SwoopException sourceFailed(String message, Throwable cause) {
    return new SwoopException(Kind.SOURCE_FAILED, message, cause);
  }

  public Kind kind() {
    return kind;
  }
}
