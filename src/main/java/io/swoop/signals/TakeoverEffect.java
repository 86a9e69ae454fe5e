package io.swoop.signals;

import static io.swoop.model.ColumnNames.AMOUNT;
import static io.swoop.model.ColumnNames.CHANGED_AT;
import static io.swoop.model.ColumnNames.CLOSE_DATE;
import static io.swoop.model.ColumnNames.CONTROL_MEAN;
import static io.swoop.model.ColumnNames.COVARIATE;
import static io.swoop.model.ColumnNames.CREATED_DATE;
import static io.swoop.model.ColumnNames.EFFECT;
import static io.swoop.model.ColumnNames.EFFECT_HIGH;
import static io.swoop.model.ColumnNames.EFFECT_LOW;
import static io.swoop.model.ColumnNames.ENTITY_ID;
import static io.swoop.model.ColumnNames.E_VALUE;
import static io.swoop.model.ColumnNames.E_VALUE_BOUND;
import static io.swoop.model.ColumnNames.FROM_OWNER_ID;
import static io.swoop.model.ColumnNames.HISTORY_ID;
import static io.swoop.model.ColumnNames.IS_CLOSED;
import static io.swoop.model.ColumnNames.IS_WON;
import static io.swoop.model.ColumnNames.LEVEL;
import static io.swoop.model.ColumnNames.MANAGER_ID;
import static io.swoop.model.ColumnNames.MATCHED_TAKEOVERS;
import static io.swoop.model.ColumnNames.MATCHED_WIN_RATE;
import static io.swoop.model.ColumnNames.OPPORTUNITY_ID;
import static io.swoop.model.ColumnNames.OWNER_ID;
import static io.swoop.model.ColumnNames.POOL_MEAN;
import static io.swoop.model.ColumnNames.POOL_SIZE;
import static io.swoop.model.ColumnNames.P_VALUE;
import static io.swoop.model.ColumnNames.SMD;
import static io.swoop.model.ColumnNames.STAGE_NAME;
import static io.swoop.model.ColumnNames.SYSTEM_MODSTAMP;
import static io.swoop.model.ColumnNames.TAKEN_OVER_LOST;
import static io.swoop.model.ColumnNames.TAKEN_OVER_WIN_RATE;
import static io.swoop.model.ColumnNames.TAKEN_OVER_WON;
import static io.swoop.model.ColumnNames.TO_OWNER_ID;
import static io.swoop.model.ColumnNames.TREATED_MEAN;
import static io.swoop.model.ColumnNames.UNMATCHED_TAKEOVERS;
import static io.swoop.model.ColumnNames.USER_ID;
import static io.swoop.model.ColumnNames.VALID_FROM;
import static io.swoop.model.ColumnNames.VALID_TO;
import static io.swoop.model.ColumnValues.COVARIATE_AGE_DAYS;
import static io.swoop.model.ColumnValues.COVARIATE_AMOUNT;
import static io.swoop.model.ColumnValues.COVARIATE_PUSHES;
import static io.swoop.model.ColumnValues.COVARIATE_STAGE_DAYS;
import static io.swoop.model.ColumnValues.LEVEL_MANAGER;
import static io.swoop.model.ColumnValues.LEVEL_ORG;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.aggregate;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.unix_seconds;
import static org.apache.spark.sql.functions.when;

import io.swoop.model.OutputTables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.RelationalGroupedDataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF5;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Do taken-over deals win more than comparable deals of the same team (CONTRACT §3 {@code
 * takeover_effect}, {@code takeover_effect_balance})? Each closed deal that was taken over (a
 * <em>treated</em> deal, at the moment t of its earliest takeover) is compared with the {@code
 * effect.controls} closed, never-taken-over deals that were in the same stage at t, were owned then
 * by someone whose manager was the taken-over rep's manager, and lay nearest on four covariates.
 *
 * <p>The search is an equi-join, so its cost grows with the data and never with takeovers ×
 * opportunities. Each candidate's history is cut into <em>segments</em> over which its stage row,
 * owner and owner's manager (its team) do not change; only segments in a stage and team that some
 * treated deal has are kept, and each is repeated once per calendar week (UTC, counted from the
 * epoch) it touches. A treated deal meets the segments of its stage, its team and the week of t,
 * keeps those in force at t, and ranks them by distance, then Id. The work is bounded by the
 * candidates' segment-weeks plus, per treated deal, its team's deals in force in its stage during
 * its week.
 */
public final class TakeoverEffect {
  private static final long SECONDS_PER_WEEK = 7L * 24 * 60 * 60;
  private static final double MICROS_PER_DAY = 86_400_000_000.0;

  /** The covariates in the contract's order. */
  static final List<String> COVARIATES =
      List.of(COVARIATE_AMOUNT, COVARIATE_STAGE_DAYS, COVARIATE_PUSHES, COVARIATE_AGE_DAYS);

  // Columns of the matches: one row per (treated deal, control), or one per unmatched deal.
  static final String T_OPP = "_t_opp";
  static final String ENTITY = "_entity";
  static final String Y = "_y";
  static final String C_OPP = "_c_opp";
  static final String C_WON = "_c_won";
  static final String RANK = "_rank";
  static final String K = "_k";

  /**
   * The treated deal's candidates (its pool, all of which the search ranked), and per covariate
   * their values' sum and sum of squares: on every row of the deal, null when it is unmatched.
   */
  static final String POOL = "_pool";

  private static final String T = "_t";
  private static final String REP = "_rep";
  private static final String TEAM = "_team";
  private static final String T_STAGE = "_t_stage";
  private static final String T_CREATED = "_t_created";
  private static final String WEEK = "_week";
  private static final String C_STAGE = "_c_stage";
  private static final String C_TEAM = "_c_team";
  private static final String C_WEEK = "_c_week";
  private static final String C_CREATED = "_c_created";
  private static final String C_AMOUNT = "_c_amount_value";
  private static final String C_PUSHES = "_c_pushes_value";
  private static final String C_STAGE_START = "_c_stage_start";
  private static final String SEG_FROM = "_seg_from";
  private static final String SEG_TO = "_seg_to";
  private static final String PUSHES = "_pushes";
  private static final String STAGE_START = "_stage_start";
  private static final String OWNER = "_owner";
  private static final String DIST = "_dist";
  private static final String C = "_c";
  private static final String D = "_d";
  private static final String N = "_n";
  private static final String N_ALL = "_n_all";
  private static final String S = "_s";
  private static final String STATS = "_stats";

  private static final StructType STATS_TYPE =
      new StructType()
          .add(EFFECT_LOW, DataTypes.DoubleType, true)
          .add(EFFECT_HIGH, DataTypes.DoubleType, true)
          .add(P_VALUE, DataTypes.DoubleType, true)
          .add(E_VALUE, DataTypes.DoubleType, true)
          .add(E_VALUE_BOUND, DataTypes.DoubleType, true);
  private static final UserDefinedFunction STATS_UDF =
      udf(
          (UDF5<Long, Double, Double, Double, Double, Row>)
              (n, mean, s, treatedRate, matchedRate) -> {
                Interval i = interval(n, mean, s);
                return RowFactory.create(
                    i == null ? null : i.low(),
                    i == null ? null : i.high(),
                    i == null ? null : i.pValue(),
                    eValue(treatedRate, matchedRate),
                    eValueBound(matchedRate, i));
              },
          STATS_TYPE);

  private TakeoverEffect() {}

  /** The column of a treated deal's covariate in the matches. */
  static String treated(String covariate) {
    return "_t_" + covariate;
  }

  /** The column of a control's covariate in the matches. */
  static String control(String covariate) {
    return "_c_" + covariate;
  }

  /** The column of the sum of a covariate over a treated deal's pool, in the matches. */
  static String poolSum(String covariate) {
    return "_p_" + covariate;
  }

  /** The column of the sum of a covariate's squares over a treated deal's pool, in the matches. */
  static String poolSquares(String covariate) {
    return "_q_" + covariate;
  }

  /**
   * Every treated deal with its controls: one row per (treated deal, control), {@code _t_opp,
   * _entity} (the earliest takeover's to_owner_id), {@code _y} (1 won, 0 lost), the treated deal's
   * four covariates, {@code _c_opp, _c_won} (1 won, 0 lost), the control's covariates, {@code
   * _rank} (1 = nearest), {@code _k} (the deal's number of controls), and the deal's whole pool of
   * candidates ({@link #POOL}, {@link #poolSum}, {@link #poolSquares}); an unmatched deal has one
   * row with null control and pool columns and {@code _k} = 0.
   *
   * @param takeovers deal_takeovers
   * @param opportunities the canonical opportunities: closed, won, created, current owner
   * @param history the canonical opportunity_history: stages, amounts, close dates
   * @param ownerChanges {@link OwnerChanges#from}: the owner of a deal at t
   * @param managers {@link ManagerHistory#of}: the manager of a user at t
   * @param snapshotDate no stage row or takeover is later than this day (the model drops them), so
   *     a segment still in force is searched up to its end
   * @param controls {@code effect.controls}
   */
  public static Dataset<Row> matches(
      Dataset<Row> takeovers,
      Dataset<Row> opportunities,
      Dataset<Row> history,
      Dataset<Row> ownerChanges,
      Dataset<Row> managers,
      LocalDate snapshotDate,
      int controls) {
    Dataset<Row> closed =
        opportunities
            .filter(DatasetFunctions.isTrue(IS_CLOSED).or(DatasetFunctions.isTrue(IS_WON)))
            .select(
                col(OPPORTUNITY_ID),
                when(DatasetFunctions.isTrue(IS_WON), 1.0).otherwise(0.0).as(Y),
                col(CREATED_DATE).as(T_CREATED));
    Dataset<Row> rows = stageRows(history);
    Dataset<Row> treated = treated(takeovers, closed, rows, managers);

    Dataset<Row> neverTaken =
        closed
            .join(takeovers.select(OPPORTUNITY_ID).distinct(), OPPORTUNITY_ID, "left_anti")
            .select(col(OPPORTUNITY_ID).as(C_OPP), col(Y).as(C_WON), col(T_CREATED).as(C_CREATED));
    Dataset<Row> candidates =
        candidates(rows, neverTaken, ownerChanges, opportunities, managers, treated, snapshotDate);

    Column inForceAtT =
        col(SEG_FROM).leq(col(T)).and(col(SEG_TO).isNull().or(col(T).lt(col(SEG_TO))));
    Column distance = lit(0.0);
    for (String covariate : COVARIATES) {
      distance = distance.plus(abs(col(treated(covariate)).minus(col(control(covariate)))));
    }
    Column[] atT =
        covariates(col(T), col(C_AMOUNT), col(C_STAGE_START), col(C_PUSHES), col(C_CREATED), "_c_");
    Dataset<Row> chosen =
        treated
            .select(
                col(T_OPP).as("_chosen_for"),
                col(T),
                col(T_STAGE),
                col(TEAM),
                col(WEEK),
                col(treated(COVARIATE_AMOUNT)),
                col(treated(COVARIATE_STAGE_DAYS)),
                col(treated(COVARIATE_PUSHES)),
                col(treated(COVARIATE_AGE_DAYS)))
            .join(
                candidates,
                col(T_STAGE)
                    .equalTo(col(C_STAGE))
                    .and(col(TEAM).equalTo(col(C_TEAM)))
                    .and(col(WEEK).equalTo(col(C_WEEK))))
            .filter(inForceAtT)
            .select(
                col("_chosen_for"),
                col(C_OPP),
                col(C_WON),
                atT[0],
                atT[1],
                atT[2],
                atT[3],
                col(treated(COVARIATE_AMOUNT)),
                col(treated(COVARIATE_STAGE_DAYS)),
                col(treated(COVARIATE_PUSHES)),
                col(treated(COVARIATE_AGE_DAYS)))
            .withColumn(DIST, distance);
    WindowSpec nearest = Window.partitionBy("_chosen_for").orderBy(col(DIST), col(C_OPP));
    // The whole pool the controls are drawn from, summed in rank order (so reruns agree), for the
    // report's balance before matching (poolBalance): one window with the ranking, no extra pass.
    WindowSpec pool = nearest.rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());
    chosen =
        chosen
            .withColumn(RANK, row_number().over(nearest))
            .withColumn(POOL, count(lit(1)).over(pool));
    for (String covariate : COVARIATES) {
      Column x = col(control(covariate));
      chosen =
          chosen
              .withColumn(poolSum(covariate), sum(x).over(pool))
              .withColumn(poolSquares(covariate), sum(x.multiply(x)).over(pool));
    }
    List<Column> kept = new ArrayList<>(List.of(col("_chosen_for"), col(C_OPP), col(C_WON)));
    for (String covariate : COVARIATES) {
      kept.add(col(control(covariate)));
    }
    kept.add(col(RANK));
    kept.add(col(POOL));
    for (String covariate : COVARIATES) {
      kept.add(col(poolSum(covariate)));
      kept.add(col(poolSquares(covariate)));
    }
    chosen = chosen.filter(col(RANK).leq(controls)).select(kept.toArray(Column[]::new));

    Column[] out = new Column[16 + 2 * COVARIATES.size()];
    out[0] = col(T_OPP);
    out[1] = col(ENTITY);
    out[2] = col(Y);
    out[3] = col(C_OPP);
    out[4] = col(C_WON);
    out[5] = col(RANK);
    out[6] = count(col(C_OPP)).over(Window.partitionBy(T_OPP)).as(K);
    out[15] = col(POOL);
    for (int i = 0; i < COVARIATES.size(); i++) {
      out[7 + i] = col(treated(COVARIATES.get(i)));
      out[11 + i] = col(control(COVARIATES.get(i)));
      out[16 + i] = col(poolSum(COVARIATES.get(i)));
      out[20 + i] = col(poolSquares(COVARIATES.get(i)));
    }
    return treated.join(chosen, col(T_OPP).equalTo(col("_chosen_for")), "left").select(out);
  }

  /**
   * The treated deals: {@code _t_opp, _t, _entity, _y, _team, _t_stage, _week} and the four
   * covariates at t. The team is null when the rep had no manager at t; the stage is that of the
   * history row in force at t.
   */
  private static Dataset<Row> treated(
      Dataset<Row> takeovers, Dataset<Row> closed, Dataset<Row> rows, Dataset<Row> managers) {
    // Two takeovers of one deal at the same instant: the smaller to_owner_id, so reruns agree.
    Dataset<Row> first =
        takeovers
            .withColumn(
                RANK,
                row_number()
                    .over(
                        Window.partitionBy(OPPORTUNITY_ID)
                            .orderBy(col(CHANGED_AT), col(TO_OWNER_ID))))
            .filter(col(RANK).equalTo(1))
            .join(closed, OPPORTUNITY_ID)
            .select(
                col(OPPORTUNITY_ID).as(T_OPP),
                col(CHANGED_AT).as(T),
                col(TO_OWNER_ID).as(ENTITY),
                col(FROM_OWNER_ID).as(REP),
                col(Y),
                col(T_CREATED));
    Dataset<Row> withTeam = ManagerHistory.managerAt(first, REP, T, managers, TEAM);
    Dataset<Row> own =
        rows.select(
            col(OPPORTUNITY_ID).as("_r_opp"),
            col(STAGE_NAME).as(T_STAGE),
            col(AMOUNT).as("_r_amount"),
            col(VALID_FROM).as("_r_from"),
            col(VALID_TO).as("_r_to"),
            col(PUSHES).as("_r_pushes"),
            col(STAGE_START).as("_r_stage_start"));
    Column inForce =
        col("_r_opp")
            .equalTo(col(T_OPP))
            .and(col("_r_from").leq(col(T)))
            .and(col("_r_to").isNull().or(col(T).lt(col("_r_to"))));
    Column[] atT =
        covariates(
            col(T),
            col("_r_amount"),
            col("_r_stage_start"),
            col("_r_pushes"),
            col(T_CREATED),
            "_t_");
    return withTeam
        .join(own, inForce, "left")
        .select(
            col(T_OPP),
            col(T),
            col(ENTITY),
            col(Y),
            col(TEAM),
            col(T_STAGE),
            week(col(T)).as(WEEK),
            atT[0],
            atT[1],
            atT[2],
            atT[3]);
  }

  /**
   * The candidates' segments: {@code _c_opp, _c_won, _c_stage, _c_team, _seg_from, _seg_to} (seg_to
   * null while still in force), what the covariates need, and one row per week touched, {@code
   * _c_week}. Only segments of a (stage, team) some treated deal has are kept.
   */
  private static Dataset<Row> candidates(
      Dataset<Row> rows,
      Dataset<Row> neverTaken,
      Dataset<Row> ownerChanges,
      Dataset<Row> opportunities,
      Dataset<Row> managers,
      Dataset<Row> treated,
      LocalDate snapshotDate) {
    Dataset<Row> inTreatedStages =
        rows.filter(col(VALID_TO).isNull().or(col(VALID_TO).gt(col(VALID_FROM))))
            .join(
                treated.select(col(T_STAGE)).filter(col(T_STAGE).isNotNull()).distinct(),
                col(STAGE_NAME).equalTo(col(T_STAGE)),
                "left_semi")
            .join(neverTaken, col(OPPORTUNITY_ID).equalTo(col(C_OPP)));
    Dataset<Row> owners = ownerSpans(opportunities, ownerChanges);
    Dataset<Row> owned =
        inTreatedStages
            .join(
                owners,
                col(C_OPP)
                    .equalTo(col("_o_opp"))
                    .and(overlap(col(VALID_FROM), col(VALID_TO), col("_o_from"), col("_o_to"))))
            .select(
                col(C_OPP),
                col(C_WON),
                col(C_CREATED),
                col(STAGE_NAME).as(C_STAGE),
                col(AMOUNT).as(C_AMOUNT),
                col(PUSHES).as(C_PUSHES),
                col(STAGE_START).as(C_STAGE_START),
                col(OWNER),
                greatest(col(VALID_FROM), col("_o_from")).as("_f"),
                least(col(VALID_TO), col("_o_to")).as("_u"));
    Dataset<Row> stretches =
        managers.select(
            col(USER_ID).as("_m_user"),
            col(MANAGER_ID).as(C_TEAM),
            col(VALID_FROM).as("_m_from"),
            col(VALID_TO).as("_m_to"));
    Column searchedUpTo = lit(DatasetFunctions.startOf(snapshotDate.plusDays(1)));
    Column firstWeek = week(col(SEG_FROM));
    return owned
        .join(
            stretches,
            col(OWNER)
                .equalTo(col("_m_user"))
                .and(overlap(col("_f"), col("_u"), col("_m_from"), col("_m_to"))))
        .filter(col(C_TEAM).isNotNull())
        .withColumn(SEG_FROM, greatest(col("_f"), col("_m_from")))
        .withColumn(SEG_TO, least(col("_u"), col("_m_to")))
        .join(
            treated
                .select(col(T_STAGE).as("_ts"), col(TEAM).as("_tt"))
                .filter(col("_tt").isNotNull())
                .distinct(),
            col(C_STAGE).equalTo(col("_ts")).and(col(C_TEAM).equalTo(col("_tt"))),
            "left_semi")
        .select(
            col(C_OPP),
            col(C_WON),
            col(C_CREATED),
            col(C_STAGE),
            col(C_TEAM),
            col(C_AMOUNT),
            col(C_PUSHES),
            col(C_STAGE_START),
            col(SEG_FROM),
            col(SEG_TO),
            explode(
                    sequence(
                        firstWeek, greatest(firstWeek, week(coalesce(col(SEG_TO), searchedUpTo)))))
                .as(C_WEEK));
  }

  /**
   * Each OpportunityHistory row with the span it is in force, [valid_from, valid_to) (ordered as
   * {@link Stages#intervals} orders them), and what a covariate at a moment of that span needs:
   * {@code _pushes}, the rows up to this one whose CloseDate is later than the row before's, and
   * {@code _stage_start}, the CreatedDate of the first row of the unbroken run of rows of this
   * StageName that ends here.
   */
  static Dataset<Row> stageRows(Dataset<Row> history) {
    WindowSpec order =
        Window.partitionBy(OPPORTUNITY_ID)
            .orderBy(col(CREATED_DATE), col(SYSTEM_MODSTAMP), col(HISTORY_ID));
    WindowSpec upToHere = order.rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    return history
        .select(
            col(OPPORTUNITY_ID),
            col(STAGE_NAME),
            col(AMOUNT),
            col(CREATED_DATE).as(VALID_FROM),
            lead(col(CREATED_DATE), 1).over(order).as(VALID_TO),
            when(col(CLOSE_DATE).gt(lag(col(CLOSE_DATE), 1).over(order)), 1)
                .otherwise(0)
                .as("_pushed"),
            when(
                    not(col(STAGE_NAME).eqNullSafe(lag(col(STAGE_NAME), 1).over(order))),
                    col(CREATED_DATE))
                .as("_run_from"),
            col(CREATED_DATE),
            col(SYSTEM_MODSTAMP),
            col(HISTORY_ID))
        .select(
            col(OPPORTUNITY_ID),
            col(STAGE_NAME),
            col(AMOUNT),
            col(VALID_FROM),
            col(VALID_TO),
            sum(col("_pushed")).over(upToHere).as(PUSHES),
            last(col("_run_from"), true).over(upToHere).as(STAGE_START));
  }

  /**
   * Who owned each opportunity when: {@code _o_opp, _owner, _o_from, _o_to} (null bounds: since
   * always, still). Before its first owner change the old owner of that change, after each change
   * its new owner, and without any change its current OwnerId.
   */
  private static Dataset<Row> ownerSpans(Dataset<Row> opportunities, Dataset<Row> ownerChanges) {
    WindowSpec order =
        Window.partitionBy(OPPORTUNITY_ID)
            .orderBy(col(CHANGED_AT), col(TO_OWNER_ID), col(FROM_OWNER_ID));
    Dataset<Row> changes =
        ownerChanges.select(
            col(OPPORTUNITY_ID),
            col(FROM_OWNER_ID),
            col(TO_OWNER_ID),
            col(CHANGED_AT),
            lead(col(CHANGED_AT), 1).over(order).as("_next"),
            row_number().over(order).as("_i"));
    Column never = lit(null).cast(DataTypes.TimestampType);
    Dataset<Row> after =
        changes.select(
            col(OPPORTUNITY_ID).as("_o_opp"),
            col(TO_OWNER_ID).as(OWNER),
            col(CHANGED_AT).as("_o_from"),
            col("_next").as("_o_to"));
    Dataset<Row> before =
        changes
            .filter(col("_i").equalTo(1))
            .select(
                col(OPPORTUNITY_ID).as("_o_opp"),
                col(FROM_OWNER_ID).as(OWNER),
                never.as("_o_from"),
                col(CHANGED_AT).as("_o_to"));
    Dataset<Row> unchanged =
        opportunities
            .join(ownerChanges.select(OPPORTUNITY_ID).distinct(), OPPORTUNITY_ID, "left_anti")
            .select(
                col(OPPORTUNITY_ID).as("_o_opp"),
                col(OWNER_ID).as(OWNER),
                never.as("_o_from"),
                never.as("_o_to"));
    return after.unionByName(before).unionByName(unchanged);
  }

  /** Whether [from1, to1) and [from2, to2) share a moment; a null bound is open. */
  private static Column overlap(Column from1, Column to1, Column from2, Column to2) {
    return before(from1, to2).and(before(from2, to1));
  }

  private static Column before(Column from, Column to) {
    return from.isNull().or(to.isNull()).or(from.lt(to));
  }

  /**
   * The four covariates at {@code at}, each ln(1 + value), named {@code prefix + covariate}: the
   * amount (null or negative as 0), days in the stage, pushes, days since created (negative as 0).
   */
  private static Column[] covariates(
      Column at, Column amount, Column stageStart, Column pushes, Column created, String prefix) {
    return new Column[] {
      log1p(greatest(coalesce(amount, lit(0)), lit(0)).cast("double"))
          .as(prefix + COVARIATE_AMOUNT),
      log1p(days(stageStart, at)).as(prefix + COVARIATE_STAGE_DAYS),
      log1p(coalesce(pushes, lit(0)).cast("double")).as(prefix + COVARIATE_PUSHES),
      log1p(days(created, at)).as(prefix + COVARIATE_AGE_DAYS)
    };
  }

  /** Fractional days from {@code from} to {@code to}, 0 when negative. */
  private static Column days(Column from, Column to) {
    return greatest(
        unix_micros(to).minus(unix_micros(from)).cast("double").divide(lit(MICROS_PER_DAY)),
        lit(0.0));
  }

  private static Column week(Column ts) {
    return floor(unix_seconds(ts).divide(lit(SECONDS_PER_WEEK)));
  }

  /**
   * The {@code takeover_effect} table from {@link #matches}: one row per manager with a treated
   * deal, and one {@code org} row when there is any.
   */
  public static Dataset<Row> effect(Dataset<Row> matches) {
    Dataset<Row> perDeal =
        matches
            .groupBy(T_OPP, ENTITY, Y)
            .agg(avg(col(C_WON)).as(C))
            .withColumn(D, col(Y).minus(col(C)));
    Dataset<Row> managers =
        summarize(perDeal.groupBy(col(ENTITY).as(ENTITY_ID))).withColumn(LEVEL, lit(LEVEL_MANAGER));
    Dataset<Row> org =
        summarize(perDeal.groupBy())
            .withColumn(ENTITY_ID, lit(null).cast("string"))
            .withColumn(LEVEL, lit(LEVEL_ORG));
    Dataset<Row> all =
        managers
            .unionByName(org)
            .filter(col(N_ALL).gt(0))
            .withColumn(
                STATS,
                STATS_UDF.apply(
                    col(N), col(EFFECT), col(S), col(TAKEN_OVER_WIN_RATE), col(MATCHED_WIN_RATE)))
            .withColumn(EFFECT_LOW, col(STATS + "." + EFFECT_LOW))
            .withColumn(EFFECT_HIGH, col(STATS + "." + EFFECT_HIGH))
            .withColumn(P_VALUE, col(STATS + "." + P_VALUE))
            .withColumn(E_VALUE, col(STATS + "." + E_VALUE))
            .withColumn(E_VALUE_BOUND, col(STATS + "." + E_VALUE_BOUND))
            .withColumn(MATCHED_TAKEOVERS, col(N))
            .withColumn(UNMATCHED_TAKEOVERS, col(N_ALL).minus(col(N)))
            .withColumn(TAKEN_OVER_LOST, col(N).minus(col(TAKEN_OVER_WON)));
    return DatasetFunctions.conform(all, OutputTables.TAKEOVER_EFFECT_SCHEMA);
  }

  /** One small row per group: deals, matched deals, won, the three means, the deviation of d. */
  private static Dataset<Row> summarize(RelationalGroupedDataset perEntity) {
    // Means and deviation over the values in sorted order, so reruns agree to the last bit.
    Column ds = col("_ds");
    Column squares =
        aggregate(
            ds,
            lit(0.0),
            (acc, d) -> acc.plus(d.minus(col(EFFECT)).multiply(d.minus(col(EFFECT)))));
    return perEntity
        .agg(
            count(lit(1)).as(N_ALL),
            count(col(C)).as(N),
            coalesce(sum(when(col(C).isNotNull(), col(Y))), lit(0)).cast("long").as(TAKEN_OVER_WON),
            DatasetFunctions.orderedMean(col(C)).as(MATCHED_WIN_RATE),
            sort_array(collect_list(col(D))).as("_ds"))
        .withColumn(TAKEN_OVER_WIN_RATE, DatasetFunctions.rate(col(TAKEN_OVER_WON), col(N)))
        .withColumn(EFFECT, when(col(N).gt(0), DatasetFunctions.orderedSum(ds).divide(col(N))))
        .withColumn(S, when(col(N).geq(2), sqrt(squares.divide(col(N).minus(1)))))
        .drop("_ds");
  }

  /**
   * The {@code takeover_effect_balance} table from {@link #matches}: per entity with a matched deal
   * and per covariate, the treated deals' mean, their controls' mean (each control of deal i
   * weighing 1/k_i) and the standardized mean difference.
   */
  public static Dataset<Row> balance(Dataset<Row> matches) {
    Column[] perCovariate = new Column[COVARIATES.size()];
    for (int i = 0; i < perCovariate.length; i++) {
      String covariate = COVARIATES.get(i);
      perCovariate[i] =
          struct(
              lit(covariate).as(COVARIATE),
              col(treated(covariate)).as("_xt"),
              col(control(covariate)).as("_xc"));
    }
    Dataset<Row> values =
        matches
            .filter(col(C_OPP).isNotNull())
            .select(col(ENTITY), col(RANK), col(K), explode(array(perCovariate)).as("_v"))
            .select(
                col(ENTITY),
                col("_v." + COVARIATE).as(COVARIATE),
                // The treated value once per deal (on its nearest control's row), each control's
                // with its weight.
                when(col(RANK).equalTo(1), col("_v._xt")).as("_xt"),
                struct(lit(1.0).divide(col(K)).as("w"), col("_v._xc").as("x")).as("_wx"));
    Dataset<Row> managers =
        balanceOf(values.groupBy(col(ENTITY).as(ENTITY_ID), col(COVARIATE)))
            .withColumn(LEVEL, lit(LEVEL_MANAGER));
    Dataset<Row> org =
        balanceOf(values.groupBy(col(COVARIATE)))
            .withColumn(ENTITY_ID, lit(null).cast("string"))
            .withColumn(LEVEL, lit(LEVEL_ORG));
    return DatasetFunctions.conform(
        managers.unionByName(org), OutputTables.TAKEOVER_EFFECT_BALANCE_SCHEMA);
  }

  /**
   * The balance <em>before</em> matching, which no table holds and the report shows beside {@link
   * #balance}: per entity with a matched deal and per covariate, {@code level, entity_id,
   * covariate, treated_mean} (as in takeover_effect_balance), {@code pool_mean} and {@code
   * pool_size}, the mean of the covariate over every (matched treated deal, candidate) pair of the
   * pools the controls were drawn from (the same-team deals in the same stage at the same moment,
   * each candidate at that deal's t, all weighing 1) and their number, and {@code smd}:
   * (treated_mean − pool_mean) / √((v_T + v_P) / 2), v_T as in the table and v_P the pairs'
   * variance (divided by their number); null when that denominator is 0.
   */
  public static Dataset<Row> poolBalance(Dataset<Row> matches) {
    Column[] perCovariate = new Column[COVARIATES.size()];
    for (int i = 0; i < perCovariate.length; i++) {
      String covariate = COVARIATES.get(i);
      perCovariate[i] =
          struct(
              lit(covariate).as(COVARIATE),
              col(treated(covariate)).as("_xt"),
              struct(
                      col(poolSum(covariate)).as("s"),
                      col(poolSquares(covariate)).as("q"),
                      col(POOL).as("n"))
                  .as("_p"));
    }
    // One row per matched deal: its nearest control's row carries the deal's pool.
    Dataset<Row> values =
        matches
            .filter(col(RANK).equalTo(1))
            .select(col(ENTITY), explode(array(perCovariate)).as("_v"))
            .select(
                col(ENTITY),
                col("_v." + COVARIATE).as(COVARIATE),
                col("_v._xt").as("_xt"),
                col("_v._p").as("_p"));
    Dataset<Row> managers =
        poolBalanceOf(values.groupBy(col(ENTITY).as(ENTITY_ID), col(COVARIATE)))
            .withColumn(LEVEL, lit(LEVEL_MANAGER));
    Dataset<Row> org =
        poolBalanceOf(values.groupBy(col(COVARIATE)))
            .withColumn(ENTITY_ID, lit(null).cast("string"))
            .withColumn(LEVEL, lit(LEVEL_ORG));
    return managers
        .unionByName(org)
        .select(LEVEL, ENTITY_ID, COVARIATE, TREATED_MEAN, POOL_MEAN, POOL_SIZE, SMD);
  }

  private static Dataset<Row> poolBalanceOf(RelationalGroupedDataset group) {
    Column xt = col("_xts");
    Column pools = col("_ps");
    Column treatedMean = col(TREATED_MEAN);
    Column poolMean = col(POOL_MEAN);
    Column treatedVariance =
        aggregate(
                xt,
                lit(0.0),
                (acc, x) -> acc.plus(x.minus(treatedMean).multiply(x.minus(treatedMean))))
            .divide(size(xt));
    Column squares = aggregate(pools, lit(0.0), (acc, p) -> acc.plus(p.getField("q")));
    Column poolVariance =
        greatest(lit(0.0), squares.divide(col(POOL_SIZE)).minus(poolMean.multiply(poolMean)));
    // Sorted, so the sums are added in one order on every run.
    return group
        .agg(
            sort_array(collect_list(col("_xt"))).as("_xts"),
            sort_array(collect_list(col("_p"))).as("_ps"),
            sum(col("_p.n")).as(POOL_SIZE))
        .withColumn(TREATED_MEAN, DatasetFunctions.orderedSum(xt).divide(size(xt)))
        .withColumn(
            POOL_MEAN,
            aggregate(pools, lit(0.0), (acc, p) -> acc.plus(p.getField("s")))
                .divide(col(POOL_SIZE)))
        .withColumn("_v", treatedVariance.plus(poolVariance))
        .withColumn(
            SMD,
            when(col("_v").gt(0), treatedMean.minus(poolMean).divide(sqrt(col("_v").divide(2)))));
  }

  private static Dataset<Row> balanceOf(RelationalGroupedDataset group) {
    Column xt = col("_xts");
    Column wx = col("_wxs");
    Column weights = aggregate(wx, lit(0.0), (acc, e) -> acc.plus(e.getField("w")));
    Column treatedMean = col(TREATED_MEAN);
    Column controlMean = col(CONTROL_MEAN);
    Column treatedVariance =
        aggregate(
                xt,
                lit(0.0),
                (acc, x) -> acc.plus(x.minus(treatedMean).multiply(x.minus(treatedMean))))
            .divide(size(xt));
    Column controlVariance =
        aggregate(
                wx,
                lit(0.0),
                (acc, e) ->
                    acc.plus(
                        e.getField("w")
                            .multiply(e.getField("x").minus(controlMean))
                            .multiply(e.getField("x").minus(controlMean))))
            .divide(weights);
    // Sorted, so the sums are added in one order on every run.
    return group
        .agg(
            sort_array(collect_list(col("_xt"))).as("_xts"),
            sort_array(collect_list(col("_wx"))).as("_wxs"))
        .withColumn(TREATED_MEAN, DatasetFunctions.orderedSum(xt).divide(size(xt)))
        .withColumn(
            CONTROL_MEAN,
            aggregate(wx, lit(0.0), (acc, e) -> acc.plus(e.getField("w").multiply(e.getField("x"))))
                .divide(weights))
        .withColumn("_v", treatedVariance.plus(controlVariance))
        .withColumn(
            SMD,
            when(
                col("_v").gt(0), treatedMean.minus(controlMean).divide(sqrt(col("_v").divide(2)))));
  }

  /** The 95 % interval (clipped to [−1, 1]) and two-sided p-value of a mean. */
  record Interval(double low, double high, double pValue) {}

  /**
   * The t interval and two-sided one-sample t-test of mean = 0 for {@code n} values of mean {@code
   * mean} and sample standard deviation {@code s}; null when n &lt; 2 or s is 0 (or unknown).
   */
  static Interval interval(Long n, Double mean, Double s) {
    if (n == null || mean == null || s == null || n < 2 || s == 0.0 || s.isNaN()) {
      return null;
    }
    TDistribution t = new TDistribution(null, n - 1.0);
    double se = s / Math.sqrt(n);
    double half = t.inverseCumulativeProbability(0.975) * se;
    double p = 2 * t.cumulativeProbability(-Math.abs(mean / se));
    return new Interval(Math.max(-1.0, mean - half), Math.min(1.0, mean + half), Math.min(1.0, p));
  }

  /**
   * VanderWeele and Ding's E-value of a risk ratio: with RR* = max(RR, 1/RR), RR* + √(RR*·(RR* −
   * 1)); null for a ratio that is not positive and finite.
   */
  static Double eValue(double rr) {
    if (!(rr > 0) || Double.isInfinite(rr)) {
      return null;
    }
    double r = Math.max(rr, 1 / rr);
    return r + Math.sqrt(r * (r - 1));
  }

  /** {@code e_value}: of taken_over_win_rate / matched_win_rate; null when either is 0 or null. */
  static Double eValue(Double treatedRate, Double matchedRate) {
    if (treatedRate == null || matchedRate == null || treatedRate == 0 || matchedRate == 0) {
      return null;
    }
    return eValue(treatedRate / matchedRate);
  }

  /**
   * {@code e_value_bound}: 1 when the interval contains 0; else the E-value of (matched_win_rate +
   * L) / matched_win_rate, L the limit nearer to 0; null without an interval or when that ratio is
   * not positive.
   */
  static Double eValueBound(Double matchedRate, Interval i) {
    if (i == null) {
      return null;
    }
    if (i.low() <= 0 && 0 <= i.high()) {
      return 1.0;
    }
    if (matchedRate == null || matchedRate == 0) {
      return null;
    }
    double nearer = i.low() > 0 ? i.low() : i.high();
    return eValue((matchedRate + nearer) / matchedRate);
  }
}
