package io.swoop.source.export;

import io.swoop.core.Printable;
import io.swoop.core.SwoopException;
import io.swoop.model.FieldSpec;
import io.swoop.model.ObjectSpec;
import io.swoop.model.SfObject;
import io.swoop.model.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A folder of Salesforce CSV exports, one {@code <Object>.csv} per object (CONTRACT §2). The header
 * is checked on the driver; the records are streamed by the executors, a large file in several
 * tasks ({@link CsvSplits}), so no file is ever held in memory.
 */
public final class ExportSource implements Source {
  private static final Logger LOG = LogManager.getLogger(ExportSource.class);

  private final String dir;
  private final long minChunk;
  private final long maxChunk;
  private final Map<String, Object> described = new LinkedHashMap<>();

  /** Pass 1's counts of every export's chunks, taken in one Spark job by the first read. */
  private Map<CsvSplits.Chunk, CsvSplits.Counts> counted;

  /**
   * @param dir the folder, as a local path or any Hadoop file system URI
   */
  public ExportSource(String dir) {
    this(dir, CsvSplits.MIN_CHUNK, CsvSplits.MAX_CHUNK);
  }

  /** Reads each file in chunks of {@code minChunk} to {@code maxChunk} bytes. */
  ExportSource(String dir, long minChunk, long maxChunk) {
    this.dir = dir;
    this.minChunk = minChunk;
    this.maxChunk = maxChunk;
  }

  @Override
  public Optional<Dataset<Row>> read(SparkSession spark, ObjectSpec spec) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Optional<FileStatus> file = export(conf, spec);
    if (file.isEmpty()) {
      return Optional.empty();
    }
    Path path = file.get().getPath();
    long len = file.get().getLen();
    Header header = header(conf, path, spec);
    described.put(spec.object().apiName(), Map.of("file", path.toString(), "bytes", len));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<JobHadoopConf> jobConf = jsc.broadcast(new JobHadoopConf(conf));
    int chunks = CsvSplits.chunkCount(len, jsc.defaultParallelism(), minChunk, maxChunk);
    List<CsvSplits.Range> ranges;
    try {
      ranges =
          CsvSplits.plan(
              path.getFileSystem(conf),
              path,
              len,
              chunks,
              cs -> {
                Map<CsvSplits.Chunk, CsvSplits.Counts> all = countEveryExport(conf, jsc, jobConf);
                return all.keySet().containsAll(cs)
                    ? cs.stream().map(all::get).toList()
                    : countChunks(jsc, jobConf, cs);
              });
    } catch (IOException e) {
      throw SwoopException.badInput("Cannot read %s: %s", path, e.getMessage());
    }
    if (chunks > 1 && ranges.size() == 1 && ranges.get(0).whole()) {
      LOG.info(
          "{}: a quote inside an unquoted field; read in one task instead of {}",
          path.getName(),
          chunks);
    } else {
      LOG.debug("{}: {} bytes read in {} tasks", path.getName(), len, ranges.size());
    }
    // One partition per range. A Dataset of objects (not createDataFrame of rows) lets Spark hand
    // the parsed rows straight to the model's parser without encoding and decoding them.
    Dataset<CsvSplits.Range> parts =
        spark.createDataset(
            jsc.parallelize(ranges, Math.max(1, ranges.size())).rdd(),
            Encoders.javaSerialization(CsvSplits.Range.class));
    return Optional.of(
        parts.flatMap(
            new ParseRange(jobConf, header.positions(), spec.fields().size(), header.width()),
            Encoders.row(spec.rawSchema())));
  }

  /**
   * Pass 1 over the chunks of every export file there is, in one Spark job rather than one after
   * another per object, each job leaving a core idle at its end. A file that cannot be read here is
   * left out: its own read reports it, in the objects' order.
   */
  private Map<CsvSplits.Chunk, CsvSplits.Counts> countEveryExport(
      Configuration conf, JavaSparkContext jsc, Broadcast<JobHadoopConf> jobConf) {
    if (counted == null) {
      List<CsvSplits.Chunk> chunks = new ArrayList<>();
      for (SfObject object : SfObject.values()) {
        try {
          Optional<FileStatus> file = find(conf, object.fileName());
          if (file.isPresent()) {
            Path path = file.get().getPath();
            long len = file.get().getLen();
            int n = CsvSplits.chunkCount(len, jsc.defaultParallelism(), minChunk, maxChunk);
            chunks.addAll(CsvSplits.chunks(path.getFileSystem(conf), path, len, n));
          }
        } catch (IOException | RuntimeException e) {
          LOG.debug("{}: counted when it is read: {}", object.fileName(), e.getMessage());
        }
      }
      counted = new HashMap<>();
      try {
        List<CsvSplits.Counts> counts = countChunks(jsc, jobConf, chunks);
        for (int i = 0; i < chunks.size(); i++) {
          counted.put(chunks.get(i), counts.get(i));
        }
      } catch (Exception e) { // a failed Spark job throws the checked SparkException
        // Each file is then counted by its own read, which fails as it did for the bad one.
        LOG.debug("counting the exports at once failed; each is counted when it is read", e);
      }
    }
    return counted;
  }

  private static List<CsvSplits.Counts> countChunks(
      JavaSparkContext jsc, Broadcast<JobHadoopConf> jobConf, List<CsvSplits.Chunk> chunks) {
    return chunks.isEmpty()
        ? List.of()
        : jsc.parallelize(chunks, chunks.size()).map(new CountChunk(jobConf)).collect();
  }

  /**
   * Checks, without Spark, what {@link #read} would refuse: the folder exists, every required file
   * is there, and each file's header has its required columns. Returns the files' total size in
   * bytes, for sizing the session.
   */
  public long check(Configuration conf, List<ObjectSpec> specs) {
    Path folder = new Path(dir);
    try {
      FileSystem fs = folder.getFileSystem(conf);
      if (fs.exists(folder) && !fs.getFileStatus(folder).isDirectory()) {
        throw SwoopException.badInput(
            "--input %s is a file, not a folder of <Object>.csv exports", dir);
      }
    } catch (IOException e) {
      throw SwoopException.badInput("Cannot read input folder %s: %s", dir, e.getMessage());
    }
    long bytes = 0;
    for (ObjectSpec spec : specs) {
      Optional<FileStatus> file = export(conf, spec);
      if (file.isEmpty()) {
        continue;
      }
      header(conf, file.get().getPath(), spec);
      bytes += file.get().getLen();
    }
    return bytes;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", "export");
    m.put("input", dir);
    m.put("files", described);
    return m;
  }

  /**
   * The object's export file; empty for an optional object without one, refused for a required one.
   */
  private Optional<FileStatus> export(Configuration conf, ObjectSpec spec) {
    Optional<FileStatus> file = find(conf, spec.object().fileName());
    if (file.isEmpty() && spec.object().requiredFile()) {
      throw SwoopException.badInput(
          "Missing required export file %s in %s", spec.object().fileName(), dir);
    }
    return file;
  }

  private Optional<FileStatus> find(Configuration conf, String fileName) {
    try {
      Path folder = new Path(dir);
      FileSystem fs = folder.getFileSystem(conf);
      if (!fs.exists(folder)) {
        throw SwoopException.badInput("Input folder %s does not exist", dir);
      }
      FileStatus exact = null;
      FileStatus other = null;
      for (FileStatus s : fs.listStatus(folder)) {
        String name = s.getPath().getName();
        if (s.isFile() && name.equals(fileName)) {
          exact = s;
        } else if (s.isFile() && name.equalsIgnoreCase(fileName)) {
          other = s;
        }
      }
      return Optional.ofNullable(exact != null ? exact : other);
    } catch (IOException e) {
      throw SwoopException.badInput("Cannot list input folder %s: %s", dir, e.getMessage());
    }
  }

  /**
   * A file's header: for each field of the spec its column in the file (-1 when the file lacks it),
   * and the number of columns.
   */
  private record Header(int[] positions, int width) {}

  private static Header header(Configuration conf, Path path, ObjectSpec spec) {
    List<String> header;
    boolean empty;
    try (CsvRecords records = open(conf, path)) {
      if (!records.hasNext()) {
        throw SwoopException.badInput("%s is empty: expected a header row", path.getName());
      }
      CsvRecords.Record first = records.next();
      if (first.error() != null) {
        throw SwoopException.badInput(
            "%s line 1: header is malformed: %s (header: %s)",
            path.getName(), first.error(), Printable.quote(first.raw()));
      }
      header = first.fields();
      empty = !records.hasNext();
    } catch (CsvRecords.UnclosedQuote e) {
      throw unclosedQuote(path.getName(), e);
    } catch (IOException | UncheckedIOException e) {
      throw SwoopException.badInput("Cannot read %s: %s", path, e.getMessage());
    }
    Map<String, Integer> byName = new LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) {
      byName.putIfAbsent(header.get(i).strip().toLowerCase(Locale.ROOT), i);
    }
    int[] positions = new int[spec.fields().size()];
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < positions.length; i++) {
      FieldSpec f = spec.fields().get(i);
      Integer at = byName.get(f.apiName().toLowerCase(Locale.ROOT));
      positions[i] = at == null ? -1 : at;
      if (at == null && f.requiredColumn()) {
        missing.add(f.apiName());
      }
    }
    if (!missing.isEmpty()) {
      throw SwoopException.badInput(
          "%s: missing required column%s %s (header has: %s)",
          path.getName(),
          missing.size() > 1 ? "s" : "",
          String.join(", ", missing),
          Printable.quote(String.join(", ", header)));
    }
    if (empty && spec.object().requiredFile()) {
      // CONTRACT §2: empty tables must not replace a good partition because an export was empty.
      throw SwoopException.badInput(
          "%s has a header but no rows: a required export must not be empty (was the export cut"
              + " short or filtered to nothing?)",
          path.getName());
    }
    return new Header(positions, header.size());
  }

  /** CONTRACT §2: a quote open at the end of a file stops the run, naming where it opened. */
  static SwoopException unclosedQuote(String file, CsvRecords.UnclosedQuote e) {
    return SwoopException.badInput(
        "%s line %d: a quote opened on this line never closes, so the rest of the file would be"
            + " one value; the export was cut short or the line has a stray quote - fix or export"
            + " the file again",
        file, e.line());
  }

  static CsvRecords open(Configuration conf, Path path) throws IOException {
    return new CsvRecords(CsvSplits.utf8(path.getFileSystem(conf).open(path), 1 << 16));
  }

  /** Runs on an executor: pass 1 of {@link CsvSplits} over one chunk. */
  private static final class CountChunk implements Function<CsvSplits.Chunk, CsvSplits.Counts> {
    private final Broadcast<JobHadoopConf> conf;

    CountChunk(Broadcast<JobHadoopConf> conf) {
      this.conf = conf;
    }

    @Override
    public CsvSplits.Counts call(CsvSplits.Chunk chunk) throws IOException {
      return CsvSplits.count(new Path(chunk.path()).getFileSystem(conf.value().get()), chunk);
    }
  }

  /** Runs on an executor: streams one range's records as raw rows. */
  private static final class ParseRange implements FlatMapFunction<CsvSplits.Range, Row> {
    private final Broadcast<JobHadoopConf> conf;
    private final int[] positions;
    private final int width;
    private final int headerWidth;

    ParseRange(Broadcast<JobHadoopConf> conf, int[] positions, int width, int headerWidth) {
      this.conf = conf;
      this.positions = positions;
      this.width = width;
      this.headerWidth = headerWidth;
    }

    @Override
    public Iterator<Row> call(CsvSplits.Range range) throws Exception {
      String file = new Path(range.path()).getName();
      CsvRecords records =
          CsvSplits.open(new Path(range.path()).getFileSystem(conf.value().get()), range);
      try {
        if (range.whole() && records.hasNext()) {
          records.next();
        }
      } catch (CsvRecords.UnclosedQuote e) {
        throw unclosedQuote(file, e);
      }
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          boolean more;
          try {
            more = records.hasNext();
          } catch (CsvRecords.UnclosedQuote e) {
            throw unclosedQuote(file, e);
          }
          if (!more) {
            try {
              records.close();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
          return more;
        }

        @Override
        public Row next() {
          CsvRecords.Record r = records.next();
          Object[] values = ObjectSpec.rawValues(width);
          String error = r.error();
          if (error == null && r.fields().size() != headerWidth) {
            error = "has " + r.fields().size() + " fields, the header has " + headerWidth;
          }
          if (error == null) {
            for (int i = 0; i < width; i++) {
              values[i] = positions[i] < 0 ? null : r.fields().get(positions[i]);
            }
          } else if (positions[0] >= 0 && positions[0] < r.fields().size()) {
            values[0] = r.fields().get(positions[0]);
          }
          return ObjectSpec.rawRow(values, r.line(), r.raw(), error, r.notUtf8());
        }
      };
    }
  }
}
