package io.swoop.signals;

import static io.swoop.model.ColumnNames.ANCESTOR_ID;
import static io.swoop.model.ColumnNames.LEVELS_UP;
import static io.swoop.model.ColumnNames.MANAGER_ID;
import static io.swoop.model.ColumnNames.USER_ID;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Who is above whom: each user's managers up the current {@code User.ManagerId} links.
 *
 * <p>The walk takes at most {@code maxLevels} hops, so a cycle in ManagerId cannot make it run
 * forever; a user never counts as their own ancestor, and a manager absent from User is the last
 * link of the chain (their own manager is unknown).
 */
public final class ManagementChain {
  private ManagementChain() {}

  /**
   * One row per user and manager above them within {@code maxLevels} hops: {@code user_id,
   * ancestor_id, levels_up} (1 = direct manager). When a cycle reaches the same ancestor twice the
   * nearer level is kept.
   */
  public static Dataset<Row> of(Dataset<Row> users, int maxLevels) {
    Dataset<Row> links =
        users
            .filter(col(MANAGER_ID).isNotNull().and(col(MANAGER_ID).notEqual(col(USER_ID))))
            .select(col(USER_ID).as("link_user"), col(MANAGER_ID).as("link_manager"));
    Dataset<Row> level =
        links.select(
            col("link_user").as(USER_ID),
            col("link_manager").as(ANCESTOR_ID),
            lit(1).as(LEVELS_UP));
    Dataset<Row> all = level;
    for (int hop = 2; hop <= maxLevels; hop++) {
      level =
          level
              .join(broadcast(links), col(ANCESTOR_ID).equalTo(col("link_user")))
              .select(col(USER_ID), col("link_manager").as(ANCESTOR_ID), lit(hop).as(LEVELS_UP));
      all = all.unionByName(level);
    }
    return all.filter(col(ANCESTOR_ID).notEqual(col(USER_ID)))
        .groupBy(USER_ID, ANCESTOR_ID)
        .agg(min(LEVELS_UP).as(LEVELS_UP));
  }
}
