package io.swoop.model;

import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where the records come from. A source only delivers each object's records as text, exactly as
 * Salesforce wrote them; {@link ModelBuilder} parses them into the one canonical model, so every
 * source yields the same tables for the same org.
 */
public interface Source {

  /**
   * The records of {@code spec.object()} in {@link ObjectSpec#rawSchema()}: one string column per
   * field named by its API name (null when, and only when, the source has no such column and it is
   * optional; an empty value is {@code ""}), the line or row where the record starts, the record as
   * read, why it could not be split into fields (else null), and the first bytes in it that are not
   * UTF-8 (else null).
   *
   * @return empty when the object is optional (Task, Event, EventRelation, UserHistory) and the
   *     source has none of it
   * @throws io.swoop.core.SwoopException of kind {@code BAD_INPUT} (exit 2) naming the file and
   *     column when a required object or column is missing, or {@code SOURCE_FAILED} (exit 3) when
   *     the source itself failed
   */
  Optional<Dataset<Row>> read(SparkSession spark, ObjectSpec spec);

  /** What was read, for the run manifest (paths, sizes, API calls; never a secret). */
  Map<String, Object> describe();
}
