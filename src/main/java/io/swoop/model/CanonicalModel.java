package io.swoop.model;

import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The one canonical model the signals read, whatever the source: each object's table in its {@link
 * Canonical} schema, plus the records that could not be read.
 *
 * @param snapshotDate the run is as of the end of this day (UTC)
 * @param tasks Tasks, empty when the source has none
 * @param events Events, empty when the source has none
 * @param eventRelations EventRelations; empty (no Optional value) when the source has no
 *     EventRelation at all, or no Event for them to relate, which is not the same as an
 *     EventRelation with no rows: without one, {@code coaching} has no rows (CONTRACT §3)
 * @param userHistory UserHistory (the field history of User, CONTRACT §2), empty when the source
 *     has none: every moment then has today's management chain (§2.1)
 * @param rejected rows in {@link OutputTables#REJECTED_ROWS_SCHEMA}
 * @param stats per object API name: how many records were read, rejected, deleted, after the
 *     snapshot, kept, and how many optional values per column could not be parsed
 */
public record CanonicalModel(
    LocalDate snapshotDate,
    Dataset<Row> users,
    Dataset<Row> opportunities,
    Dataset<Row> opportunityHistory,
    Dataset<Row> opportunityFieldHistory,
    Dataset<Row> tasks,
    Dataset<Row> events,
    java.util.Optional<Dataset<Row>> eventRelations,
    Dataset<Row> userHistory,
    Dataset<Row> rejected,
    Map<String, ObjectStats> stats) {

  /**
   * What happened to one object's records.
   *
   * @param read records read (the header not counted)
   * @param rejected records sent to rejected_rows
   * @param duplicates records dropped because another record with the same Id was kept
   * @param deleted records dropped because IsDeleted is true
   * @param afterSnapshot records dropped because they were created after the snapshot
   * @param kept records in the canonical table
   * @param unparseableOptional per optional column, values that could not be parsed (now null)
   * @param notUtf8 where the input held bytes that are not UTF-8, or null when it held none
   */
  public record ObjectStats(
      long read,
      long rejected,
      long duplicates,
      long deleted,
      long afterSnapshot,
      long kept,
      Map<String, Long> unparseableOptional,
      NotUtf8 notUtf8)
      implements java.io.Serializable {}

  /**
   * Bytes that are not UTF-8 in an object's input, each sequence read as U+FFFD.
   *
   * @param firstLine the first line (record start) holding such bytes
   * @param bytes the first such bytes on it, as hex like {@code 0xE9}
   * @param values per column, the values read (in any record, rejected or not) that hold a U+FFFD
   *     in place of such bytes
   */
  public record NotUtf8(long firstLine, String bytes, Map<String, Long> values)
      implements java.io.Serializable {}
}
