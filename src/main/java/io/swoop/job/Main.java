package io.swoop.job;

import io.swoop.config.Redaction;
import io.swoop.config.SwoopConfig;
import io.swoop.core.SwoopException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code jobs/swoop}: the one entry point. This is the only place that turns failures into exit
 * codes (CONTRACT §1): 0 done, 2 bad arguments/configuration/input, 3 the source failed, 1 anything
 * else. Stack traces are printed only with {@code --verbose}.
 */
@Command(
    name = "swoop",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Micromanagement signals from Salesforce, as Parquet tables for BI.",
    subcommands = {
      RunCommand.class,
      CheckCommand.class,
      ExtractCommand.class,
      GenerateCommand.class
    },
    footer = {
      "",
      "Examples:",
      "  jobs/swoop run --source export --input src/sample/exports --output out",
      "  jobs/swoop run --source sfdc --output s3a://bucket/swoop --raw /data/swoop-raw",
      "  jobs/swoop generate --output /tmp/org --seed 7 --scale 1",
      "  jobs/swoop check --output out --snapshot-date 2026-09-30",
      "",
      "Exit codes: 0 done, 2 bad arguments/configuration/input, 3 source failed, 1 other."
    })
public final class Main implements Runnable {
  static final int FAILED = 1;
  static final int BAD_INPUT = 2;
  static final int SOURCE_FAILED = 3;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** The environment the commands read credentials and keys from; tests substitute their own. */
  private static volatile Map<String, String> environment = System.getenv();

  /** Runs swoop and returns its exit code, without exiting (for tests). */
  public static int run(String... args) {
    return run(System.getenv(), args);
  }

  /** As {@link #run(String...)}, with {@code env} in place of the process environment. */
  public static synchronized int run(Map<String, String> env, String... args) {
    Map<String, String> previous = environment;
    environment = env;
    try {
      return execute(args);
    } finally {
      environment = previous;
    }
  }

  static Map<String, String> env() {
    return environment;
  }

  private static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          boolean verbose = verbose(parsed);
          Redaction base =
              cmd.getMixins().get("common") instanceof CommonOptions c
                  ? c.redaction()
                  : Redaction.of((SwoopConfig) null);
          return report(e, cmd.getErr(), verbose, base.withUris(parsed.originalArgs()));
        });
    cli.setParameterExceptionHandler(
        (e, args1) -> {
          CommandLine cmd = e.getCommandLine();
          PrintWriter err = cmd.getErr();
          String unknown = unknownOption(cmd, args1);
          // A mistyped option also makes a required one "missing"; name the typo, not the symptom.
          if (unknown != null && !(e instanceof UnmatchedArgumentException)) {
            err.println("swoop: Unknown option: '" + unknown + "'");
          } else {
            Redaction r = Redaction.of((SwoopConfig) null).withUris(List.of(args1));
            err.println("swoop: " + r.text(e.getMessage()));
          }
          UnmatchedArgumentException.printSuggestions(e, err);
          err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
          err.flush();
          return BAD_INPUT;
        });
    cli.setExecutionStrategy(Main::requireSpark);
    return cli.execute(args);
  }

  /** Whether {@code --verbose} was given, to the command or to the subcommand that ran. */
  static boolean verbose(CommandLine.ParseResult parsed) {
    for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /** A command that computes with Spark (its class loads without it: --help works anywhere). */
  interface NeedsSpark {}

  /**
   * The shaded jar leaves Spark to spark-submit: from a plain {@code java -jar}, {@code --help},
   * {@code check} and {@code generate} work, and a Spark command says where it runs instead of
   * dying of a missing class.
   */
  private static int requireSpark(CommandLine.ParseResult parsed) {
    Integer help = CommandLine.executeHelpRequest(parsed);
    if (help != null) {
      return help;
    }
    CommandLine.ParseResult leaf = parsed;
    while (leaf.subcommand() != null) {
      leaf = leaf.subcommand();
    }
    if (leaf.commandSpec().userObject() instanceof NeedsSpark
        && !onClasspath("org.apache.spark.sql.SparkSession")) {
      PrintWriter err = leaf.commandSpec().commandLine().getErr();
      err.println(
          "swoop: "
              + leaf.commandSpec().name()
              + " runs under spark-submit (or jobs/swoop): Spark is not on this JVM's classpath");
      err.flush();
      return BAD_INPUT;
    }
    return new CommandLine.RunLast().execute(parsed);
  }

  /** Whether {@code className} can be loaded, without initializing it. */
  static boolean onClasspath(String className) {
    try {
      Class.forName(className, false, Main.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static String unknownOption(CommandLine cmd, String[] args) {
    for (String a : args) {
      String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
      if (name.startsWith("-")
          && name.length() > 1
          && cmd.getCommandSpec().findOption(name) == null
          && cmd.getCommandSpec().root().findOption(name) == null) {
        return name;
      }
    }
    return null;
  }

  static int report(Exception e, PrintWriter err, boolean verbose) {
    return report(e, err, verbose, Redaction.of((SwoopConfig) null));
  }

  /** Prints {@code e} as {@link #report(Exception, PrintWriter, boolean)}, redacted. */
  static int report(Exception e, PrintWriter err, boolean verbose, Redaction redaction) {
    SwoopException known = find(e);
    if (known != null) {
      err.println("swoop: " + redaction.text(known.getMessage()));
      if (verbose) {
        err.print(redaction.text(trace(e)));
      }
      err.flush();
      return exitCode(known.kind());
    }
    err.println("swoop: failed: " + redaction.text(String.valueOf(e)));
    if (verbose) {
      err.print(redaction.text(trace(e)));
    } else {
      err.println("(run with --verbose for the stack trace)");
    }
    err.flush();
    return 1;
  }

  private static String trace(Throwable e) {
    java.io.StringWriter s = new java.io.StringWriter();
    e.printStackTrace(new PrintWriter(s));
    return s.toString();
  }

  static int exitCode(SwoopException.Kind kind) {
    return switch (kind) {
      case BAD_INPUT -> BAD_INPUT;
      case SOURCE_FAILED -> SOURCE_FAILED;
      case FAILED -> FAILED;
    };
  }

  private static SwoopException find(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SwoopException s) {
        return s;
      }
    }
    return null;
  }

  /** Quiet by default: Spark's INFO noise off; {@code --verbose} turns it back on. */
  static void logging(boolean verbose) {
    if (verbose) {
      Configurator.setLevel("io.swoop", Level.DEBUG);
      Configurator.setLevel("org.apache.spark", Level.INFO);
    }
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"swoop " + Version.SWOOP};
    }
  }
}
