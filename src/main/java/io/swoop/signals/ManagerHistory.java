package io.swoop.signals;

import static io.swoop.model.ColumnNames.ANCESTOR_ID;
import static io.swoop.model.ColumnNames.CHANGED_AT;
import static io.swoop.model.ColumnNames.CREATED_DATE;
import static io.swoop.model.ColumnNames.DATA_TYPE;
import static io.swoop.model.ColumnNames.DEACTIVATED_ON;
import static io.swoop.model.ColumnNames.FIELD;
import static io.swoop.model.ColumnNames.HISTORY_ID;
import static io.swoop.model.ColumnNames.LEVELS_UP;
import static io.swoop.model.ColumnNames.MANAGER_ID;
import static io.swoop.model.ColumnNames.NEW_MANAGER_ID;
import static io.swoop.model.ColumnNames.NEW_VALUE;
import static io.swoop.model.ColumnNames.OLD_MANAGER_ID;
import static io.swoop.model.ColumnNames.OLD_VALUE;
import static io.swoop.model.ColumnNames.USER_ID;
import static io.swoop.model.ColumnNames.VALID_FROM;
import static io.swoop.model.ColumnNames.VALID_TO;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import io.swoop.model.Ids;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
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
 *
 * <p>A user's manager changes come from {@code UserHistory}: rows whose Field is {@code ManagerId}
 * or {@code Manager} and whose values are user Ids or empty. Salesforce writes a second row of
 * names for each change of a lookup field; it is told apart as in {@link OwnerChanges} (DataType
 * other than {@code EntityId}, or, without a DataType, a value that is not an Id) and ignored. With
 * changes c1 &lt; … &lt; cn (by CreatedDate, then history Id) a user's stretches are (−∞, c1) with
 * c1's OldValue, [ci, ci+1) with ci's NewValue and [cn, ∞) with cn's NewValue: exactly "the
 * NewValue of the latest change at or before t, else the OldValue of the earliest change after t".
 * A user without a change has one stretch, unbounded, with today's {@code User.ManagerId}.
 */
public final class ManagerHistory {
  private static final String STRETCH_USER = "stretch_user";
  private static final UserDefinedFunction TO18 =
      udf((UDF1<String, String>) Ids::to18, DataTypes.StringType);

  private ManagerHistory() {}

  /**
   * The stretches of every user in {@code users} without any manager change: one stretch each,
   * unbounded on both sides, with today's {@code User.ManagerId} (null for none).
   */
  public static Dataset<Row> of(Dataset<Row> users) {
    return users.select(
        col(USER_ID),
        col(MANAGER_ID),
        lit(null).cast(DataTypes.TimestampType).as(VALID_FROM),
        lit(null).cast(DataTypes.TimestampType).as(VALID_TO));
  }

  /**
   * The stretches of every user in {@code users} or with a manager change in {@code userHistory}
   * (the canonical user_history; empty gives {@link #of(Dataset)}).
   */
  public static Dataset<Row> of(Dataset<Row> users, Dataset<Row> userHistory) {
    Dataset<Row> changes = changes(userHistory);
    Dataset<Row> unchanged =
        of(users.join(changes, users.col(USER_ID).equalTo(changes.col(USER_ID)), "left_anti"));
    var byUser = Window.partitionBy(USER_ID).orderBy(col(CHANGED_AT), col(HISTORY_ID));
    Dataset<Row> ordered =
        changes
            .withColumn("_next", lead(col(CHANGED_AT), 1).over(byUser))
            .withColumn("_n", row_number().over(byUser));
    Dataset<Row> after =
        ordered.select(
            col(USER_ID),
            col(NEW_MANAGER_ID).as(MANAGER_ID),
            col(CHANGED_AT).as(VALID_FROM),
            col("_next").as(VALID_TO));
    Dataset<Row> before =
        ordered
            .filter(col("_n").equalTo(1))
            .select(
                col(USER_ID),
                col(OLD_MANAGER_ID).as(MANAGER_ID),
                lit(null).cast(DataTypes.TimestampType).as(VALID_FROM),
                col(CHANGED_AT).as(VALID_TO));
    return unchanged.unionByName(before).unionByName(after);
  }

  /**
   * The manager changes in {@code userHistory} (CONTRACT §2): {@code history_id, user_id,
   * changed_at, old_manager_id, new_manager_id}, managers as 18-character Ids and null for "no
   * manager". Name rows, other fields and rows whose values are neither Ids nor empty are left out;
   * a change recorded twice (same user, time and managers) is kept once, with the smaller Id.
   */
  public static Dataset<Row> changes(Dataset<Row> userHistory) {
    Column field = lower(trim(col(FIELD)));
    Column idRow = col(DATA_TYPE).isNull().or(lower(trim(col(DATA_TYPE))).equalTo("entityid"));
    Column oldEmpty = empty(OLD_VALUE);
    Column newEmpty = empty(NEW_VALUE);
    Column oldId = TO18.apply(col(OLD_VALUE));
    Column newId = TO18.apply(col(NEW_VALUE));
    return userHistory
        .filter(field.isin("managerid", "manager").and(idRow))
        .select(
            col(HISTORY_ID),
            col(USER_ID),
            col(CREATED_DATE).as(CHANGED_AT),
            oldEmpty.as("_old_empty"),
            newEmpty.as("_new_empty"),
            when(oldEmpty.unary_$bang(), oldId).as(OLD_MANAGER_ID),
            when(newEmpty.unary_$bang(), newId).as(NEW_MANAGER_ID))
        .filter(col("_old_empty").or(col(OLD_MANAGER_ID).isNotNull()))
        .filter(col("_new_empty").or(col(NEW_MANAGER_ID).isNotNull()))
        .groupBy(USER_ID, CHANGED_AT, OLD_MANAGER_ID, NEW_MANAGER_ID)
        .agg(min(col(HISTORY_ID)).as(HISTORY_ID))
        .select(HISTORY_ID, USER_ID, CHANGED_AT, OLD_MANAGER_ID, NEW_MANAGER_ID);
  }

  /**
   * Per user with one: {@code user_id, deactivated_on}, the date (UTC) of the latest {@code
   * IsActive} change to false in {@code userHistory}.
   */
  public static Dataset<Row> deactivations(Dataset<Row> userHistory) {
    Column toFalse = lower(trim(col(NEW_VALUE))).isin("false", "0");
    return userHistory
        .filter(lower(trim(col(FIELD))).equalTo("isactive").and(toFalse))
        .groupBy(USER_ID)
        .agg(to_date(max(col(CREATED_DATE))).as(DEACTIVATED_ON));
  }

  private static Column empty(String column) {
    return col(column).isNull().or(trim(col(column)).equalTo(""));
  }

  /** The last moment of {@code date} (UTC): 23:59:59.999999, so "at the end of the day". */
  public static Column endOf(Column date) {
    return timestamp_micros(unix_micros(date_add(date, 1).cast("timestamp")).minus(1L));
  }

  /**
   * {@code rows} with one more column, {@code as}: the manager of the user in column {@code user}
   * at the moment in (timestamp) column {@code at}, from {@code stretches} (see {@link #of}); null
   * when that user had no manager then, or is unknown. A null moment finds only a user's unbounded
   * stretch (one without any change). Every row of {@code rows} is kept exactly once.
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
    // Stretches are a few per user: small enough to send to every task.
    return rows.join(broadcast(s), rows.col(user).equalTo(col(STRETCH_USER)).and(inForce), "left")
        .drop(STRETCH_USER, "stretch_from", "stretch_to");
  }

  /**
   * The chain of the user in column {@code user} at the moment in column {@code at} (CONTRACT
   * §2.1): {@code rows} once per manager above that user within {@code maxLevels} hops of {@code
   * manager_at(·, at)}, with {@code ancestor_id} and {@code levels_up} (1 = the direct manager). A
   * loop ends the chain: a user is never their own ancestor and each ancestor comes once, at its
   * nearest level. Rows whose user has no manager at that moment are dropped. {@code rows} must
   * have no column named {@code ancestor_id}, {@code levels_up} or {@code _up1} … .
   */
  public static Dataset<Row> chainAt(
      Dataset<Row> rows, String user, String at, Dataset<Row> stretches, int maxLevels) {
    Dataset<Row> d = rows;
    String below = user;
    List<Column> ups = new ArrayList<>();
    List<String> upNames = new ArrayList<>();
    for (int level = 1; level <= maxLevels; level++) {
      String up = "_up" + level;
      d = managerAt(d, below, at, stretches, up);
      ups.add(col(up));
      upNames.add(up);
      below = up;
    }
    Column chain = array(ups.toArray(Column[]::new));
    List<Column> keep = new ArrayList<>();
    for (String c : rows.columns()) {
      keep.add(col(c));
    }
    keep.add(chain.as("_chain"));
    List<Column> withLevel = new ArrayList<>();
    for (String c : rows.columns()) {
      withLevel.add(col(c));
    }
    withLevel.add(col("_chain"));
    withLevel.add(posexplode(col("_chain")).as(new String[] {"_pos", ANCESTOR_ID}));
    Column firstTime =
        array_contains(slice(col("_chain"), lit(1), col("_pos")), col(ANCESTOR_ID)).unary_$bang();
    return d.select(keep.toArray(Column[]::new))
        .select(withLevel.toArray(Column[]::new))
        .filter(col(ANCESTOR_ID).isNotNull())
        .filter(col(ANCESTOR_ID).notEqual(col(user)))
        .filter(firstTime)
        .withColumn(LEVELS_UP, col("_pos").plus(1))
        .drop("_chain", "_pos");
  }
}
