package io.swoop.signals;

import static io.swoop.model.ColumnNames.MANAGER_ID;
import static io.swoop.model.ColumnNames.USER_ID;
import static io.swoop.model.ColumnNames.VALID_FROM;
import static io.swoop.model.ColumnNames.VALID_TO;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Who managed whom, and when (CONTRACT §2.1): {@code manager_at(u, t)} for every rule that names a
 * user's manager at a moment.
 *
 * <p>The history is kept as <em>stretches</em>: one row per user and span of time with one manager,
 * {@code user_id, manager_id, valid_from, valid_to}, the span [valid_from, valid_to) with a null
 * bound meaning "since always" or "still". Looking up the manager of many (user, moment) pairs is
 * then one equi-join on the user with a range condition, whose cost grows with the rows, not with
 * rows × changes.
 */
public final class ManagerHistory {
  private static final String STRETCH_USER = "stretch_user";

  private ManagerHistory() {}

  /**
   * The stretches of every user in {@code users}. Without any manager change each user has one
   * stretch, unbounded on both sides, with today's {@code User.ManagerId} (null for none).
   */
  public static Dataset<Row> of(Dataset<Row> users) {
    return users.select(
        col(USER_ID),
        col(MANAGER_ID),
        lit(null).cast(DataTypes.TimestampType).as(VALID_FROM),
        lit(null).cast(DataTypes.TimestampType).as(VALID_TO));
  }

  /**
   * {@code rows} with one more column, {@code as}: the manager of the user in column {@code user}
   * at the moment in (timestamp) column {@code at}, from {@code stretches} (see {@link #of}); null
   * when that user had no manager then, is unknown, or the moment is null. Every row of {@code
   * rows} is kept exactly once.
   */
  public static Dataset<Row> managerAt(
      Dataset<Row> rows, String user, String at, Dataset<Row> stretches, String as) {
    Dataset<Row> s =
        stretches.select(
            col(USER_ID).as(STRETCH_USER),
            col(MANAGER_ID).as(as),
            col(VALID_FROM).as("stretch_from"),
            col(VALID_TO).as("stretch_to"));
    Column inForce =
        col("stretch_from")
            .isNull()
            .or(col("stretch_from").leq(rows.col(at)))
            .and(col("stretch_to").isNull().or(rows.col(at).lt(col("stretch_to"))));
    return rows.join(s, rows.col(user).equalTo(col(STRETCH_USER)).and(inForce), "left")
        .drop(STRETCH_USER, "stretch_from", "stretch_to");
  }
}
