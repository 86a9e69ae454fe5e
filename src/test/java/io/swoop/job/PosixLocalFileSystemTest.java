package io.swoop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's local file system leaves every folder and file with the mode Hadoop's own (which runs
 * chmod) leaves, and fails as it does.
 */
class PosixLocalFileSystemTest {
  @TempDir static java.nio.file.Path dir;

  static FileSystem ours;
  static FileSystem hadoops;

  @BeforeAll
  static void open() throws IOException {
    Configuration conf = new Configuration();
    ours = new PosixLocalFileSystem();
    ours.initialize(java.net.URI.create("file:///"), conf);
    hadoops = new RawLocalFileSystem();
    hadoops.initialize(java.net.URI.create("file:///"), conf);
  }

  private static String mode(java.nio.file.Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void foldersAndFilesGetHadoopsModes() throws IOException {
    for (String name : new String[] {"ours", "hadoops"}) {
      FileSystem fs = name.equals("ours") ? ours : hadoops;
      Path base = new Path(dir.resolve(name).toUri());
      fs.mkdirs(new Path(base, "a/b/c"));
      fs.create(new Path(base, "a/b/c/part-0.parquet")).close();
      fs.mkdirs(new Path(base, "x"), new FsPermission((short) 0700));
      fs.create(
              new Path(base, "x/f"),
              new FsPermission((short) 0640),
              false,
              4096,
              (short) 1,
              1 << 20,
              null)
          .close();
    }
    for (String p : new String[] {"a", "a/b", "a/b/c", "a/b/c/part-0.parquet", "x", "x/f"}) {
      assertEquals(
          mode(dir.resolve("hadoops").resolve(p)), mode(dir.resolve("ours").resolve(p)), p);
    }
  }

  @Test
  void eachBitIsSetAsChmodSetsIt() throws IOException {
    java.nio.file.Path a = Files.createFile(dir.resolve("every-a"));
    java.nio.file.Path b = Files.createFile(dir.resolve("every-b"));
    // Each of the nine bits alone (chmod is a process each: all 512 modes took seconds), then the
    // modes Hadoop and Spark use.
    int[] modes = {
      0, 0400, 0200, 0100, 040, 020, 010, 04, 02, 01, 0777, 0755, 0750, 0700, 0644, 0640, 0600, 0751
    };
    for (int mode : modes) {
      FsPermission p = new FsPermission((short) mode);
      ours.setPermission(new Path(a.toUri()), p);
      hadoops.setPermission(new Path(b.toUri()), p);
      assertEquals(mode(b), mode(a), Integer.toOctalString(mode));
    }
    // Leave them removable.
    ours.setPermission(new Path(a.toUri()), new FsPermission((short) 0600));
    ours.setPermission(new Path(b.toUri()), new FsPermission((short) 0600));
  }

  @Test
  void theStickyBitIsLeftToHadoop() throws IOException {
    java.nio.file.Path d = Files.createDirectory(dir.resolve("sticky"));
    ours.setPermission(new Path(d.toUri()), new FsPermission((short) 01777));
    assertEquals("rwxrwxrwx", mode(d));
    assertEquals(true, hadoops.getFileStatus(new Path(d.toUri())).getPermission().getStickyBit());
  }

  @Test
  void aMissingFileFailsAsAnIoError() {
    Path missing = new Path(dir.resolve("missing").toUri());
    assertThrows(
        IOException.class, () -> hadoops.setPermission(missing, FsPermission.getDefault()));
    assertThrows(IOException.class, () -> ours.setPermission(missing, FsPermission.getDefault()));
  }
}
