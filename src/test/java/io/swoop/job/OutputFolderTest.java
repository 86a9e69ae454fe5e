package io.swoop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swoop.core.SwoopException;
import io.swoop.testing.PausingFileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OutputFolder#check} on local paths and, through a Hadoop file system of the tests' own
 * (the local disk under another scheme), on URIs, as for s3a:// or hdfs://.
 */
class OutputFolderTest {
  @TempDir Path tmp;

  private static Configuration hadoop() {
    Configuration conf = new Configuration();
    conf.set("fs." + PausingFileSystem.SCHEME + ".impl", PausingFileSystem.class.getName());
    conf.setBoolean("fs." + PausingFileSystem.SCHEME + ".impl.disable.cache", true);
    return conf;
  }

  private static String uri(Path p) {
    return PausingFileSystem.SCHEME + "://" + p.toAbsolutePath();
  }

  private static List<Path> listed(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void aWritableFolderPassesAndKeepsNothingOfTheCheck() throws Exception {
    Path existing = Files.createDirectories(tmp.resolve("out"));
    OutputFolder.check(existing.toString(), hadoop());
    OutputFolder.check(tmp.resolve("new/deeper").toString(), hadoop());
    OutputFolder.check(uri(existing), hadoop());
    assertEquals(List.of(), listed(existing));
    assertEquals(List.of(existing), listed(tmp));
  }

  @Test
  void aFileUnderAUriIsRefusedNamingIt() throws Exception {
    Path file = Files.writeString(tmp.resolve("out.parquet"), "x");
    SwoopException e =
        assertThrows(SwoopException.class, () -> OutputFolder.check(uri(file), hadoop()));
    assertEquals(
        "--output " + uri(file) + ": " + uri(file) + " is a file, not a folder", e.getMessage());
  }

  @Test
  void aPlaceWhereNoFolderCanBeMadeIsRefusedLocallyAndThroughAUri() {
    SwoopException local =
        assertThrows(
            SwoopException.class, () -> OutputFolder.check("/proc/swoop-output", hadoop()));
    assertEquals(
        "--output /proc/swoop-output: cannot write in /proc (no folder can be made there)",
        local.getMessage());
    String remote = PausingFileSystem.SCHEME + ":///proc/swoop-output";
    SwoopException viaUri =
        assertThrows(SwoopException.class, () -> OutputFolder.check(remote, hadoop()));
    assertTrue(
        viaUri.getMessage().startsWith("--output " + remote + ": cannot write there ("),
        viaUri.getMessage());
  }
}
