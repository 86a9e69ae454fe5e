package io.swoop.job;

import io.swoop.core.SwoopException;
import io.swoop.generate.SyntheticOrg;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code swoop generate}: a synthetic org as CSV exports. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description =
        "Write a deterministic synthetic org as Salesforce CSV exports, with planted micromanagers.",
    footer = {"", "Example:", "  jobs/swoop generate --output /tmp/org --seed 7 --scale 1"})
final class GenerateCommand implements Callable<Integer> {
  @Option(
      names = "--output",
      required = true,
      paramLabel = "DIR",
      description = "Folder to write <Object>.csv files into.")
  Path output;

  @Option(names = "--seed", paramLabel = "N", description = "Random seed (default: 1).")
  long seed = 1;

  @Option(
      names = "--scale",
      paramLabel = "N",
      description = "Size: 1 is about 250 reps; fractions allowed (default: 1).")
  double scale = 1;

  @Option(
      names = "--takeover-effect",
      paramLabel = "X",
      description =
          "What a takeover adds to the chance to win of each deal it moves, from -0.2 to 0.2"
              + " (e.g. -0.10; default: 0). The true effect is written to"
              + " _truth/takeover_effect.csv.")
  double takeoverEffect = 0;

  @Override
  public Integer call() throws IOException {
    if (!(scale > 0)) {
      throw SwoopException.badInput("--scale must be above 0, got %s", scale);
    }
    if (!(Math.abs(takeoverEffect) <= SyntheticOrg.MAX_TAKEOVER_EFFECT)) {
      throw SwoopException.badInput(
          "--takeover-effect must be from -%s to %s (a change in the chance to win), got %s",
          SyntheticOrg.MAX_TAKEOVER_EFFECT, SyntheticOrg.MAX_TAKEOVER_EFFECT, takeoverEffect);
    }
    var summary =
        SyntheticOrg.generate(output, seed, scale, SyntheticOrg.DEFAULT_AS_OF, takeoverEffect);
    System.out.printf(
        "swoop: generated %d managers (%d planted micromanagers), %d rep seats and %d planted takeovers in %s%n",
        summary.managers(),
        summary.micromanagers(),
        summary.repSeats(),
        summary.plantedTakeovers(),
        output);
    summary
        .rowsPerFile()
        .forEach((file, rows) -> System.out.printf("  %-32s %,d rows%n", file, rows));
    return 0;
  }
}
