package io.swoop.signals;

import static io.swoop.model.ColumnNames.CREATED_DATE;
import static io.swoop.model.ColumnNames.DEACTIVATED_ON;
import static io.swoop.model.ColumnNames.END_DATE;
import static io.swoop.model.ColumnNames.FROM_OWNER_ID;
import static io.swoop.model.ColumnNames.HIRE_DATE;
import static io.swoop.model.ColumnNames.IS_ACTIVE;
import static io.swoop.model.ColumnNames.LAST_MODIFIED_DATE;
import static io.swoop.model.ColumnNames.MANAGER_ID;
import static io.swoop.model.ColumnNames.NAME;
import static io.swoop.model.ColumnNames.OWNER_ID;
import static io.swoop.model.ColumnNames.START_DATE;
import static io.swoop.model.ColumnNames.TENURE_DAYS;
import static io.swoop.model.ColumnNames.TERMINATION_DATE;
import static io.swoop.model.ColumnNames.TO_OWNER_ID;
import static io.swoop.model.ColumnNames.USER_ID;
import static io.swoop.model.ColumnNames.USER_NAME;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.swoop.model.OutputTables;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * How long each user has been (or was) with the company, as of the snapshot (CONTRACT §3 {@code
 * rep_tenure}).
 *
 * <p>start_date is the hire date when known, else the date the User was created. When a termination
 * field is configured, the raw end is that field (CONTRACT §3: "the configured termination field
 * when set"; an inactive user whose field is empty has no known end). Without one, the raw end of
 * an inactive user is the date the User was last modified (deactivation is usually its last edit).
 * Seen as of the snapshot, an end after the snapshot date had not happened yet: end_date is null
 * and the user counts as active, so a backfill gives the same answer as a run on that day.
 */
public final class RepTenure {
  private RepTenure() {}

  /**
   * Tenure of every user, in {@link OutputTables#REP_TENURE_SCHEMA}. The scorecard needs it for
   * direct reports who never owned a deal; {@link #compute} keeps the contract's population.
   */
  public static Dataset<Row> all(Dataset<Row> users, LocalDate snapshotDate) {
    return all(users, snapshotDate, false);
  }

  /**
   * As {@link #all(Dataset, LocalDate)}; {@code terminationFieldConfigured} says whether {@code
   * user.termination_date_field} is set, in which case it alone gives the end.
   */
  public static Dataset<Row> all(
      Dataset<Row> users, LocalDate snapshotDate, boolean terminationFieldConfigured) {
    Dataset<Row> noDeactivation =
        users
            .filter(lit(false))
            .select(col(USER_ID), lit(null).cast(DataTypes.DateType).as(DEACTIVATED_ON));
    return all(
        users, snapshotDate, terminationFieldConfigured, ManagerHistory.of(users), noDeactivation);
  }

  /**
   * As {@link #all(Dataset, LocalDate, boolean)}, as of the management chain's history (CONTRACT
   * §2.1): manager_id is the manager at the end of the snapshot date for an active user and at the
   * end of end_date for one who left; end_date is the termination field when configured and set,
   * else for an inactive user the date of their latest deactivation in UserHistory, else (without a
   * termination field) the date of LastModifiedDate.
   *
   * @param stretches from {@link ManagerHistory#of(Dataset, Dataset)}
   * @param deactivations from {@link ManagerHistory#deactivations}
   */
  public static Dataset<Row> all(
      Dataset<Row> users,
      LocalDate snapshotDate,
      boolean terminationFieldConfigured,
      Dataset<Row> stretches,
      Dataset<Row> deactivations) {
    Column snapshot = lit(DatasetFunctions.date(snapshotDate));
    Column inactive = col(IS_ACTIVE).eqNullSafe(lit(false));
    Column deactivated = when(inactive, col(DEACTIVATED_ON));
    Column rawEnd =
        terminationFieldConfigured
            ? coalesce(col(TERMINATION_DATE), deactivated)
            : when(inactive, coalesce(col(DEACTIVATED_ON), to_date(col(LAST_MODIFIED_DATE))));
    Column endDate = when(rawEnd.leq(snapshot), rawEnd);
    Column leftLater = rawEnd.isNotNull().and(rawEnd.gt(snapshot));
    Dataset<Row> withEnd =
        users
            .join(
                deactivations.withColumnRenamed(USER_ID, "_deactivated_user"),
                col(USER_ID).equalTo(col("_deactivated_user")),
                "left")
            .withColumn(END_DATE, endDate)
            .withColumn("_as_of", ManagerHistory.endOf(coalesce(col(END_DATE), snapshot)))
            .drop(MANAGER_ID);
    Dataset<Row> t =
        ManagerHistory.managerAt(withEnd, USER_ID, "_as_of", stretches, MANAGER_ID)
            .withColumn(START_DATE, coalesce(col(HIRE_DATE), to_date(col(CREATED_DATE))))
            .withColumn(
                "_active",
                col(END_DATE).isNull().and(DatasetFunctions.isTrue(IS_ACTIVE).or(leftLater)))
            .withColumn(TENURE_DAYS, datediff(coalesce(col(END_DATE), snapshot), col(START_DATE)))
            .drop(IS_ACTIVE)
            .withColumnRenamed("_active", IS_ACTIVE)
            .withColumnRenamed(NAME, USER_NAME);
    return DatasetFunctions.conform(t, OutputTables.REP_TENURE_SCHEMA);
  }

  /**
   * The {@code rep_tenure} table: {@link #all} restricted to users who ever owned an opportunity
   * (its current owner, or either side of an owner change) or who manage someone.
   */
  public static Dataset<Row> compute(
      Dataset<Row> tenureOfAll,
      Dataset<Row> users,
      Dataset<Row> opportunities,
      Dataset<Row> ownerChanges) {
    Dataset<Row> population =
        opportunities
            .select(col(OWNER_ID).as(USER_ID))
            .union(ownerChanges.select(col(FROM_OWNER_ID).as(USER_ID)))
            .union(ownerChanges.select(col(TO_OWNER_ID).as(USER_ID)))
            .union(
                users
                    .filter(col(MANAGER_ID).isNotNull().and(col(MANAGER_ID).notEqual(col(USER_ID))))
                    .select(col(MANAGER_ID).as(USER_ID)))
            .distinct()
            .withColumnRenamed(USER_ID, "_member");
    return tenureOfAll.join(population, col(USER_ID).equalTo(col("_member")), "left_semi");
  }
}
