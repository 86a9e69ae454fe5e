package io.swoop.job;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator$;
import org.apache.spark.sql.catalyst.rules.RuleExecutor$;

/**
 * What a run cost Spark, for the manifest and {@code jobs/bench}: jobs, stages and tasks run, bytes
 * read, shuffled and spilled, the driver's heap at its fullest, and the driver's time in Catalyst's
 * rules (analysing, optimising and re-planning queries) and in compiling generated code. Registered
 * on the session for the whole run; the listener bus calls it on its own thread.
 */
public final class RunMetrics extends SparkListener {
  private long jobs;
  private long stages;
  private long stagesSpilled;
  private long shuffleStages;
  private long tasks;
  private long inputBytes;
  private long shuffleWriteBytes;
  private long memorySpilled;
  private long diskSpilled;
  private long peakHeap;
  private long peakLive;

  /**
   * Catalyst's process-wide counters when the run started: its rules' nanoseconds and Janino's
   * compile nanoseconds, summed over every thread.
   */
  private final long rulesAtStart = rulesNanos();

  private final long compileAtStart = compileNanos();

  private static long rulesNanos() {
    return RuleExecutor$.MODULE$.getCurrentMetrics().time();
  }

  private static long compileNanos() {
    return CodeGenerator$.MODULE$.compileTime();
  }

  /** Registers a new collector on {@code sc}. */
  public static RunMetrics on(SparkContext sc) {
    RunMetrics m = new RunMetrics();
    sc.addSparkListener(m);
    return m;
  }

  @Override
  public synchronized void onJobStart(SparkListenerJobStart job) {
    jobs++;
  }

  @Override
  public synchronized void onStageCompleted(SparkListenerStageCompleted done) {
    StageInfo s = done.stageInfo();
    stages++;
    TaskMetrics t = s.taskMetrics();
    if (t != null) {
      if (t.shuffleWriteMetrics().bytesWritten() > 0) {
        shuffleStages++;
      }
      if (t.diskBytesSpilled() > 0 || t.memoryBytesSpilled() > 0) {
        stagesSpilled++;
      }
    }
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
    tasks++;
    TaskMetrics t = end.taskMetrics();
    if (t != null) {
      inputBytes += t.inputMetrics().bytesRead();
      shuffleWriteBytes += t.shuffleWriteMetrics().bytesWritten();
      memorySpilled += t.memoryBytesSpilled();
      diskSpilled += t.diskBytesSpilled();
    }
    // In local mode the tasks run in this JVM: its heap in use when a task ends is the run's
    // footprint (garbage included, so an upper bound of what it needs).
    Runtime rt = Runtime.getRuntime();
    peakHeap = Math.max(peakHeap, rt.totalMemory() - rt.freeMemory());
    // What the last collection left in each heap pool: the live data, the part that must fit.
    long live = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage after = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
      if (after != null) {
        live += after.getUsed();
      }
    }
    peakLive = Math.max(peakLive, live);
  }

  /**
   * The totals so far, once the listener bus has delivered what is queued: {@code spark_jobs,
   * stages, tasks, input_mb, shuffle_mb, spill_memory_mb, spill_disk_mb, stages_spilled,
   * shuffle_stages, peak_heap_mb, peak_live_heap_mb} (the heap in use, garbage included, and what
   * survived the latest collection, both at their highest seen when a task ended), {@code
   * planning_seconds} (in Catalyst's analyser and optimiser rules, adaptive re-planning included)
   * and {@code codegen_seconds} (compiling generated code); these two sum the time of every thread,
   * so with queries planned at once they can exceed the wall-clock time they took.
   */
  public Map<String, Object> snapshot(SparkContext sc) {
    try {
      sc.listenerBus().waitUntilEmpty(10_000);
    } catch (TimeoutException e) {
      // Report what arrived; the counts are for people, not for decisions.
    }
    synchronized (this) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("spark_jobs", jobs);
      m.put("stages", stages);
      m.put("tasks", tasks);
      m.put("input_mb", mb(inputBytes));
      m.put("shuffle_mb", mb(shuffleWriteBytes));
      m.put("spill_memory_mb", mb(memorySpilled));
      m.put("spill_disk_mb", mb(diskSpilled));
      m.put("shuffle_stages", shuffleStages);
      m.put("stages_spilled", stagesSpilled);
      m.put("peak_heap_mb", mb(peakHeap));
      m.put("peak_live_heap_mb", mb(peakLive));
      m.put("planning_seconds", seconds(rulesNanos() - rulesAtStart));
      m.put("codegen_seconds", seconds(compileNanos() - compileAtStart));
      return m;
    }
  }

  private static double seconds(long nanos) {
    return Math.round(nanos / 1e6) / 1000.0;
  }

  private static double mb(long bytes) {
    return Math.round(bytes / 1e5) / 10.0;
  }
}
