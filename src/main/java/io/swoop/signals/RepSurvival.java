package io.swoop.signals;

import static io.swoop.model.ColumnNames.ATTRITION_LOGRANK_P;
import static io.swoop.model.ColumnNames.AT_RISK;
import static io.swoop.model.ColumnNames.CENSORED;
import static io.swoop.model.ColumnNames.CHANGED_AT;
import static io.swoop.model.ColumnNames.DAY;
import static io.swoop.model.ColumnNames.DEPARTURES;
import static io.swoop.model.ColumnNames.END_DATE;
import static io.swoop.model.ColumnNames.ENTITY_ID;
import static io.swoop.model.ColumnNames.FROM_OWNER_ID;
import static io.swoop.model.ColumnNames.LEVEL;
import static io.swoop.model.ColumnNames.MANAGER_ID;
import static io.swoop.model.ColumnNames.MEDIAN_TENURE_KM_DAYS;
import static io.swoop.model.ColumnNames.OPPORTUNITY_ID;
import static io.swoop.model.ColumnNames.OWNER_ID;
import static io.swoop.model.ColumnNames.START_DATE;
import static io.swoop.model.ColumnNames.SURVIVAL;
import static io.swoop.model.ColumnNames.SURVIVAL_HIGH;
import static io.swoop.model.ColumnNames.SURVIVAL_LOW;
import static io.swoop.model.ColumnNames.USER_ID;
import static io.swoop.model.ColumnNames.VALID_FROM;
import static io.swoop.model.ColumnNames.VALID_TO;
import static io.swoop.model.ColumnValues.LEVEL_MANAGER;
import static io.swoop.model.ColumnValues.LEVEL_ORG;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.aggregate;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.swoop.model.OutputTables;
import java.time.LocalDate;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * How long reps stay under each manager (CONTRACT §3 {@code rep_survival}): Kaplan–Meier estimates
 * of the reps' spells per manager and over the org, with Greenwood's log(−log) 95 % interval, and
 * the scorecard's median and log-rank test.
 *
 * <p>A spell of rep R under manager M is a maximal run of days on which R was employed and R's
 * manager at the end of the day was M ({@link ManagerHistory}); it departs when it ends on R's
 * end_date and is censored otherwise (R moved, or is still there). Its duration is its last day
 * minus its first, in days.
 */
public final class RepSurvival {
  /** z for a two-sided 95 % interval, as everywhere in swoop. */
  private static final double Z = 1.959964;

  static final String SPELL_MANAGER = "_spell_manager";
  private static final String FIRST_DAY = "_first_day";
  private static final String LAST_DAY = "_last_day";
  static final String DURATION = "_duration";
  static final String DEPARTS = "_departs";

  private static final UserDefinedFunction CHI2_UPPER_TAIL =
      udf(
          (UDF1<Double, Double>)
              chi2 ->
                  chi2 == null
                      ? null
                      : 1.0 - new ChiSquaredDistribution(null, 1).cumulativeProbability(chi2),
          DataTypes.DoubleType);

  private RepSurvival() {}

  /**
   * The reps' spells: {@code user_id, _spell_manager, _first_day, _last_day, _duration (int),
   * _departs (boolean)}, for every user who owned an opportunity when it was created.
   *
   * @param tenureOfAll {@link RepTenure#all}: start_date and end_date
   * @param stretches {@link ManagerHistory#of}
   * @param opportunities the canonical opportunities
   * @param ownerChanges {@link OwnerChanges#from}
   */
  static Dataset<Row> spells(
      Dataset<Row> tenureOfAll,
      Dataset<Row> stretches,
      Dataset<Row> opportunities,
      Dataset<Row> ownerChanges,
      LocalDate snapshotDate) {
    Dataset<Row> firstChange =
        ownerChanges
            .groupBy(col(OPPORTUNITY_ID).as("_c_opp"))
            .agg(min(struct(col(CHANGED_AT), col(FROM_OWNER_ID))).as("_first"));
    Dataset<Row> reps =
        opportunities
            .join(firstChange, col(OPPORTUNITY_ID).equalTo(col("_c_opp")), "left")
            .select(coalesce(col("_first." + FROM_OWNER_ID), col(OWNER_ID)).as("_rep"))
            .distinct();
    Dataset<Row> employed =
        tenureOfAll
            .join(reps, col(USER_ID).equalTo(col("_rep")), "left_semi")
            .select(
                col(USER_ID).as("_e_user"),
                col(START_DATE),
                col(END_DATE),
                coalesce(col(END_DATE), lit(DatasetFunctions.date(snapshotDate))).as("_until"));
    // A stretch [from, to) holds the end of each day from date(from) to date(to) - 1.
    Dataset<Row> pieces =
        stretches
            .filter(col(MANAGER_ID).isNotNull().and(col(MANAGER_ID).notEqual(col(USER_ID))))
            .join(employed, col(USER_ID).equalTo(col("_e_user")))
            .select(
                col(USER_ID),
                col(MANAGER_ID).as(SPELL_MANAGER),
                col(END_DATE),
                greatest(col(START_DATE), coalesce(to_date(col(VALID_FROM)), col(START_DATE)))
                    .as(FIRST_DAY),
                least(col("_until"), coalesce(date_sub(to_date(col(VALID_TO)), 1), col("_until")))
                    .as(LAST_DAY))
            .filter(col(FIRST_DAY).leq(col(LAST_DAY)));
    // Pieces that follow one another under the same manager are one spell.
    WindowSpec byUser = Window.partitionBy(USER_ID).orderBy(col(FIRST_DAY));
    Column startsSpell =
        lag(col(SPELL_MANAGER), 1)
            .over(byUser)
            .isNull()
            .or(lag(col(SPELL_MANAGER), 1).over(byUser).notEqual(col(SPELL_MANAGER)))
            .or(date_add(lag(col(LAST_DAY), 1).over(byUser), 1).notEqual(col(FIRST_DAY)));
    return pieces
        .withColumn("_starts", when(startsSpell, 1).otherwise(0))
        .withColumn(
            "_spell",
            sum(col("_starts"))
                .over(byUser.rowsBetween(Window.unboundedPreceding(), Window.currentRow())))
        .groupBy(col(USER_ID), col("_spell"), col(SPELL_MANAGER))
        .agg(
            min(col(FIRST_DAY)).as(FIRST_DAY),
            max(col(LAST_DAY)).as(LAST_DAY),
            max(col(END_DATE)).as(END_DATE))
        .select(
            col(USER_ID),
            col(SPELL_MANAGER),
            col(FIRST_DAY),
            col(LAST_DAY),
            datediff(col(LAST_DAY), col(FIRST_DAY)).as(DURATION),
            coalesce(col(LAST_DAY).equalTo(col(END_DATE)), lit(false)).as(DEPARTS));
  }

  /** The {@code rep_survival} table from {@link #spells}. */
  static Dataset<Row> table(Dataset<Row> spells) {
    Dataset<Row> perEntity =
        spells
            .select(
                lit(LEVEL_MANAGER).as(LEVEL),
                col(SPELL_MANAGER).as(ENTITY_ID),
                col(DURATION),
                col(DEPARTS))
            .unionByName(
                spells.select(
                    lit(LEVEL_ORG).as(LEVEL),
                    lit(null).cast("string").as(ENTITY_ID),
                    col(DURATION),
                    col(DEPARTS)));
    Dataset<Row> counts =
        perEntity
            .groupBy(col(LEVEL), col(ENTITY_ID), col(DURATION).as(DAY))
            .agg(
                sum(when(col(DEPARTS), 1L).otherwise(0L)).as(DEPARTURES),
                sum(when(col(DEPARTS), 0L).otherwise(1L)).as(CENSORED));
    WindowSpec entity = Window.partitionBy(col(LEVEL), col(ENTITY_ID));
    WindowSpec fromHere =
        entity.orderBy(col(DAY).desc()).rowsBetween(Window.unboundedPreceding(), 0);
    WindowSpec upToHere = entity.orderBy(col(DAY)).rowsBetween(Window.unboundedPreceding(), 0);
    Column atRisk = col(AT_RISK).cast("double");
    Column d = col(DEPARTURES).cast("double");
    // The product in day order, exactly as written: Π (1 − d/n).
    Column factors = collect_list(lit(1.0).minus(d.divide(atRisk))).over(upToHere);
    Column greenwood =
        sum(when(
                col(DEPARTURES).gt(0).and(col(DEPARTURES).lt(col(AT_RISK))),
                d.divide(atRisk.multiply(atRisk.minus(d)))))
            .over(upToHere);
    Column undefined = max(col(DEPARTURES).geq(col(AT_RISK))).over(upToHere);
    Dataset<Row> km =
        counts
            .withColumn(AT_RISK, sum(col(DEPARTURES).plus(col(CENSORED))).over(fromHere))
            .withColumn(SURVIVAL, aggregate(factors, lit(1.0), (acc, x) -> acc.multiply(x)))
            .withColumn("_v", when(undefined.unary_$bang(), coalesce(greenwood, lit(0.0))));
    Column s = col(SURVIVAL);
    Column se = sqrt(col("_v")).divide(abs(log(s)));
    Column defined = s.gt(0).and(s.lt(1)).and(col("_v").isNotNull());
    return DatasetFunctions.conform(
        km.withColumn(SURVIVAL_LOW, when(defined, pow(s, exp(se.multiply(Z)))))
            .withColumn(SURVIVAL_HIGH, when(defined, pow(s, exp(se.multiply(-Z))))),
        OutputTables.REP_SURVIVAL_SCHEMA);
  }

  /** Per manager with rows in {@code survival}: the smallest day whose survival is ≤ 0.5. */
  static Dataset<Row> medians(Dataset<Row> survival) {
    return survival
        .filter(col(LEVEL).equalTo(LEVEL_MANAGER).and(col(SURVIVAL).leq(0.5)))
        .groupBy(col(ENTITY_ID).as(MANAGER_ID))
        .agg(min(col(DAY)).as(MEDIAN_TENURE_KM_DAYS));
  }

  /**
   * Per manager with rows in {@code survival}: {@code manager_id, attrition_logrank_p}, the
   * log-rank test of the manager's spells against the org's other spells; null when no spell of the
   * org departs or the variance is 0.
   */
  static Dataset<Row> logRank(Dataset<Row> survival) {
    Dataset<Row> managers = survival.filter(col(LEVEL).equalTo(LEVEL_MANAGER));
    Dataset<Row> org =
        survival
            .filter(col(LEVEL).equalTo(LEVEL_ORG))
            .select(col(DAY).as("_o_day"), col(AT_RISK).as("_n"), col(DEPARTURES).as("_e"));
    Dataset<Row> orgDepartureDays = org.filter(col("_e").gt(0)).select(col("_o_day"));
    // Each manager's rows, plus a row of nothing at every day the org has a departure, so that
    // the manager's spells at risk can be counted at each of those days.
    Dataset<Row> own =
        managers.select(
            col(ENTITY_ID).as(MANAGER_ID),
            col(DAY),
            col(DEPARTURES).plus(col(CENSORED)).as("_leaving"),
            col(DEPARTURES).as("_o"));
    Dataset<Row> grid =
        managers
            .select(col(ENTITY_ID).as(MANAGER_ID))
            .distinct()
            .crossJoin(orgDepartureDays)
            .select(
                col(MANAGER_ID), col("_o_day").as(DAY), lit(0L).as("_leaving"), lit(0L).as("_o"));
    WindowSpec fromHere =
        Window.partitionBy(MANAGER_ID)
            .orderBy(col(DAY).desc())
            .rowsBetween(Window.unboundedPreceding(), 0);
    Dataset<Row> atRisk =
        own.unionByName(grid)
            .groupBy(MANAGER_ID, DAY)
            .agg(sum(col("_leaving")).as("_leaving"), sum(col("_o")).as("_o"))
            .withColumn("_n1", sum(col("_leaving")).over(fromHere))
            .join(org, col(DAY).equalTo(col("_o_day")))
            .filter(col("_e").gt(0));
    Column n = col("_n").cast("double");
    Column e = col("_e").cast("double");
    Column share = col("_n1").cast("double").divide(n);
    Column variance =
        when(
            col("_n").gt(1),
            e.multiply(share)
                .multiply(lit(1.0).minus(share))
                .multiply(n.minus(e))
                .divide(n.minus(1.0)));
    Dataset<Row> sums =
        atRisk
            .groupBy(MANAGER_ID)
            .agg(
                sum(col("_o")).cast("double").as("_O"),
                DatasetFunctions.sortedSum(e.multiply(share)).as("_E"),
                DatasetFunctions.sortedSum(variance).as("_W"));
    Column chi2 = when(col("_W").gt(0), pow(col("_O").minus(col("_E")), 2).divide(col("_W")));
    return managers
        .select(col(ENTITY_ID).as(MANAGER_ID))
        .distinct()
        .join(sums, DatasetFunctions.keys(MANAGER_ID), "left")
        .select(col(MANAGER_ID), CHI2_UPPER_TAIL.apply(chi2).as(ATTRITION_LOGRANK_P));
  }
}
