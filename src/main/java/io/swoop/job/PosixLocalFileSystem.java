package io.swoop.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's raw local file system (no {@code .crc} side files), setting permissions through the JDK.
 * Without Hadoop's native library, {@link RawLocalFileSystem} runs the {@code chmod} command for
 * every folder and file it makes: about 90 processes a run, most of a second of a small run. The
 * JDK sets the same mode bits in the same system call. A mode with more than those bits (the sticky
 * bit), or a file system without POSIX permissions, is left to Hadoop.
 */
public final class PosixLocalFileSystem extends RawLocalFileSystem {

  /** Bits from the owner's read (0400) down to others' execute (0001), in that order. */
  private static final PosixFilePermission[] BITS = {
    PosixFilePermission.OWNER_READ,
    PosixFilePermission.OWNER_WRITE,
    PosixFilePermission.OWNER_EXECUTE,
    PosixFilePermission.GROUP_READ,
    PosixFilePermission.GROUP_WRITE,
    PosixFilePermission.GROUP_EXECUTE,
    PosixFilePermission.OTHERS_READ,
    PosixFilePermission.OTHERS_WRITE,
    PosixFilePermission.OTHERS_EXECUTE
  };

  @Override
  public void setPermission(Path p, FsPermission permission) throws IOException {
    int mode = permission.toShort();
    if ((mode & ~0777) != 0) {
      super.setPermission(p, permission);
      return;
    }
    try {
      Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(mode));
    } catch (UnsupportedOperationException e) {
      super.setPermission(p, permission);
    }
  }

  /** The JDK's set for the nine permission bits of {@code mode}. */
  static Set<PosixFilePermission> posix(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < BITS.length; i++) {
      if ((mode & (0400 >> i)) != 0) {
        set.add(BITS[i]);
      }
    }
    return set;
  }
}
