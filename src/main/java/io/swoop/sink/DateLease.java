package io.swoop.sink;

import io.swoop.core.SwoopException;
import io.swoop.model.OutputTables;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One run per snapshot date: a run holds the lease of its date, the file {@code
 * OUTPUT/_staging/snapshot_date=D.lease}, from before it touches the date (recovery included) until
 * it ends. The file names the holder (run id, host, process id and its start, start of the run) and
 * its heartbeat, which a thread of the holder renews every fifth of the timeout.
 *
 * <p>The lease is created only if absent, atomically: on a local file system a complete temporary
 * file is hard-linked to the lease's name (the link fails when the name exists); elsewhere {@code
 * FileSystem.create} without overwrite (atomic on HDFS; on an object store only as far as its
 * conditional writes go). A second run of the date finds the lease and stops with exit 2 naming the
 * holder. A lease whose holder died is taken over: its heartbeat is older than the timeout, or its
 * process, on this same host, is gone. The taker moves the dead lease aside under a name of its own
 * and creates its own, so two runs that find one dead lease at once cannot both take it; the usual
 * recovery of the dead run's leftovers follows.
 */
public final class DateLease implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(DateLease.class);

  private static final String RUN_ID = "run_id";
  private static final String HOST = "host";
  private static final String PID = "pid";
  private static final String PROCESS_STARTED = "process_started_at";
  private static final String STARTED = "started_at";
  private static final String HEARTBEAT = "heartbeat_at";

  private final FileSystem fs;
  private final Path lease;
  private final LocalDate date;
  private final Properties mine;
  private final ScheduledExecutorService heartbeat;
  private volatile boolean released;

  /**
   * The output folder, when taking the lease created it: removed again if the run left it empty.
   */
  private Path created;

  private DateLease(FileSystem fs, Path lease, LocalDate date, Properties mine, Duration timeout) {
    this.fs = fs;
    this.lease = lease;
    this.date = date;
    this.mine = mine;
    long every = Math.max(200, timeout.toMillis() / 5);
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "swoop-lease-" + date);
              t.setDaemon(true);
              return t;
            });
    heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
  }

  /** Where the lease of {@code date} lives under {@code output}. */
  public static Path path(Path output, LocalDate date) {
    return new Path(
        new Path(output, ParquetSink.STAGING), OutputTables.SNAPSHOT_DATE + "=" + date + ".lease");
  }

  /**
   * Takes the lease of {@code date} for {@code runId}, or stops with exit 2 naming the live holder.
   * A dead holder's lease is taken over (and logged).
   */
  public static DateLease take(
      Configuration conf, String output, LocalDate date, String runId, Duration timeout) {
    Path out = new Path(output);
    Path lease = path(out, date);
    try {
      FileSystem fs = out.getFileSystem(conf);
      Properties mine = holder(runId);
      boolean existed = fs.exists(out);
      for (int attempt = 0; attempt < 3; attempt++) {
        if (create(fs, lease, mine)) {
          DateLease taken = new DateLease(fs, lease, date, mine, timeout);
          taken.created = existed ? null : out;
          return taken;
        }
        Optional<Properties> held = read(fs, lease);
        if (held.isEmpty()) {
          continue; // released (or moved aside) since: try again
        }
        Properties holder = held.get();
        String dead = dead(holder, lastBeat(fs, lease, holder), timeout);
        if (dead == null) {
          throw SwoopException.badInput(
              "snapshot_date=%s is being run by %s: only one run of a date at a time; wait for it"
                  + " to end (its lease %s is taken over once it has no heartbeat for %d s)",
              date, describe(holder), lease, timeout.toSeconds());
        }
        if (moveAside(fs, lease, holder)) {
          LOG.warn(
              "taking over the lease of snapshot_date={} from {}: {}",
              date,
              describe(holder),
              dead);
        }
      }
      throw SwoopException.badInput(
          "snapshot_date=%s: could not take the lease %s (other runs of the date keep taking it)",
          date, lease);
    } catch (IOException e) {
      throw SwoopException.badInput(
          "Cannot take the lease of snapshot_date=%s at %s: %s", date, lease, e.getMessage());
    }
  }

  /** Ends the lease: stops the heartbeat and removes the file if it is still this run's. */
  @Override
  public void close() {
    released = true;
    heartbeat.shutdownNow();
    try {
      Optional<Properties> now = read(fs, lease);
      if (now.isPresent() && mine.getProperty(RUN_ID).equals(now.get().getProperty(RUN_ID))) {
        fs.delete(lease, false);
      }
      deleteIfEmpty(lease.getParent());
      if (created != null) {
        deleteIfEmpty(created);
      }
    } catch (IOException e) {
      LOG.warn("could not remove the lease {}: {}", lease, e.getMessage());
    }
  }

  private void deleteIfEmpty(Path dir) throws IOException {
    if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
      fs.delete(dir, false);
    }
  }

  /** Renews the heartbeat, unless the lease is gone or someone else's. */
  private void beat() {
    if (released) {
      return;
    }
    try {
      Optional<Properties> now = read(fs, lease);
      if (now.isEmpty() || !mine.getProperty(RUN_ID).equals(now.get().getProperty(RUN_ID))) {
        LOG.error(
            "the lease of snapshot_date={} is no longer this run's ({})",
            date,
            now.map(DateLease::describe).orElse("its file is gone"));
        return;
      }
      mine.setProperty(HEARTBEAT, Instant.now().toString());
      java.io.File local = localFile(fs, lease);
      if (local != null) {
        java.io.File tmp = new java.io.File(local.getParentFile(), "." + local.getName() + ".beat");
        Files.writeString(tmp.toPath(), text(mine));
        Files.move(
            tmp.toPath(),
            local.toPath(),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } else {
        try {
          fs.setTimes(lease, System.currentTimeMillis(), -1);
        } catch (IOException | UnsupportedOperationException e) {
          try (OutputStream o = fs.create(lease, true)) {
            o.write(text(mine).getBytes(StandardCharsets.UTF_8));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not renew the lease of snapshot_date={}: {}", date, e.getMessage());
    }
  }

  private static Properties holder(String runId) {
    Properties p = new Properties();
    p.setProperty(RUN_ID, runId);
    p.setProperty(HOST, host());
    ProcessHandle self = ProcessHandle.current();
    p.setProperty(PID, Long.toString(self.pid()));
    self.info().startInstant().ifPresent(i -> p.setProperty(PROCESS_STARTED, i.toString()));
    String now = Instant.now().toString();
    p.setProperty(STARTED, now);
    p.setProperty(HEARTBEAT, now);
    return p;
  }

  /** Creates the lease with {@code p} if no lease exists; false if one does. */
  private static boolean create(FileSystem fs, Path lease, Properties p) throws IOException {
    fs.mkdirs(lease.getParent());
    java.io.File local = localFile(fs, lease);
    if (local != null) {
      java.nio.file.Path tmp =
          local.toPath().resolveSibling("." + local.getName() + "." + UUID.randomUUID());
      Files.writeString(tmp, text(p));
      try {
        Files.createLink(local.toPath(), tmp);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    try (OutputStream o = fs.create(lease, false)) {
      o.write(text(p).getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (fs.exists(lease)) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Moves a dead holder's lease aside under a name of its own; true if what it moved was that
   * holder's (else it puts back the live lease another run created meanwhile).
   */
  private static boolean moveAside(FileSystem fs, Path lease, Properties dead) throws IOException {
    Path aside = new Path(lease.getParent(), "." + lease.getName() + ".dead-" + UUID.randomUUID());
    if (!fs.rename(lease, aside)) {
      return false;
    }
    Optional<Properties> moved = read(fs, aside);
    if (moved.isPresent()
        && !dead.getProperty(RUN_ID, "").equals(moved.get().getProperty(RUN_ID))) {
      // Another run took the lease between our read and our move: give it back.
      create(fs, lease, moved.get());
      fs.delete(aside, false);
      return false;
    }
    fs.delete(aside, false);
    return true;
  }

  /** Why the holder is dead, or null if it may be alive. */
  static String dead(Properties holder, Instant lastBeat, Duration timeout) {
    Duration silent = Duration.between(lastBeat, Instant.now());
    if (silent.compareTo(timeout) > 0) {
      return "no heartbeat for "
          + silent.toSeconds()
          + " s (timeout "
          + timeout.toSeconds()
          + " s)";
    }
    if (host().equals(holder.getProperty(HOST))) {
      long pid;
      try {
        pid = Long.parseLong(holder.getProperty(PID, ""));
      } catch (NumberFormatException e) {
        return null;
      }
      Optional<ProcessHandle> p = ProcessHandle.of(pid);
      if (p.isEmpty() || !p.get().isAlive()) {
        return "its process " + pid + " on this host is gone";
      }
      String started = holder.getProperty(PROCESS_STARTED);
      Optional<Instant> actual = p.get().info().startInstant();
      if (started != null && actual.isPresent() && !actual.get().toString().equals(started)) {
        return "its process " + pid + " on this host is gone (the pid is another process's now)";
      }
    }
    return null;
  }

  private static Instant lastBeat(FileSystem fs, Path lease, Properties holder) throws IOException {
    Instant beat = Instant.EPOCH;
    try {
      beat = Instant.parse(holder.getProperty(HEARTBEAT, ""));
    } catch (RuntimeException e) {
      // An unreadable heartbeat counts from the file's time.
    }
    try {
      FileStatus s = fs.getFileStatus(lease);
      Instant modified = Instant.ofEpochMilli(s.getModificationTime());
      return modified.isAfter(beat) ? modified : beat;
    } catch (java.io.FileNotFoundException e) {
      return beat;
    }
  }

  private static Optional<Properties> read(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      Properties p = new Properties();
      p.load(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      return Optional.of(p);
    } catch (java.io.FileNotFoundException e) {
      return Optional.empty();
    }
  }

  /** The holder in one line: run id, where, since when, last heartbeat. */
  static String describe(Properties p) {
    return String.format(
        "run %s (host %s, pid %s, started %s, last heartbeat %s)",
        p.getProperty(RUN_ID, "?"),
        p.getProperty(HOST, "?"),
        p.getProperty(PID, "?"),
        p.getProperty(STARTED, "?"),
        p.getProperty(HEARTBEAT, "?"));
  }

  private static String text(Properties p) {
    StringBuilder s = new StringBuilder();
    for (String k : new String[] {RUN_ID, HOST, PID, PROCESS_STARTED, STARTED, HEARTBEAT}) {
      if (p.getProperty(k) != null) {
        s.append(k).append('=').append(p.getProperty(k)).append('\n');
      }
    }
    return s.toString();
  }

  /** The local file behind {@code p} when {@code fs} is a local file system, else null. */
  private static java.io.File localFile(FileSystem fs, Path p) {
    FileSystem raw = fs instanceof LocalFileSystem l ? l.getRaw() : fs;
    return raw instanceof RawLocalFileSystem r ? r.pathToFile(p) : null;
  }

  private static String host() {
    String h = System.getenv("HOSTNAME");
    if (h != null && !h.isBlank()) {
      return h;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
