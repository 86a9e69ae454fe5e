package io.swoop.signals;

import static io.swoop.model.ColumnNames.CHANGED_AT;
import static io.swoop.model.ColumnNames.CREATED_DATE;
import static io.swoop.model.ColumnNames.DATA_TYPE;
import static io.swoop.model.ColumnNames.FIELD;
import static io.swoop.model.ColumnNames.FROM_OWNER_ID;
import static io.swoop.model.ColumnNames.HISTORY_ID;
import static io.swoop.model.ColumnNames.NEW_VALUE;
import static io.swoop.model.ColumnNames.OLD_VALUE;
import static io.swoop.model.ColumnNames.OPPORTUNITY_ID;
import static io.swoop.model.ColumnNames.TO_OWNER_ID;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.udf;

import io.swoop.model.Ids;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * The owner changes of opportunities, from OpportunityFieldHistory (CONTRACT §2).
 *
 * <p>Salesforce writes two rows per change of the Owner lookup: one of user Ids (DataType {@code
 * EntityId}) and one of names. Only Id rows are events. Without a DataType column a row is an Id
 * row when both its values are Ids, which names (with spaces, of other lengths) are not.
 */
public final class OwnerChanges {
  private static final UserDefinedFunction TO18 =
      udf((UDF1<String, String>) Ids::to18, DataTypes.StringType);

  private OwnerChanges() {}

  /**
   * One row per owner change: {@code history_id, opportunity_id, changed_at, from_owner_id,
   * to_owner_id}, owners as 18-character Ids. Id rows whose values are not Ids, and changes to the
   * same owner, are dropped; a change recorded twice (same deal, time and owners) is kept once.
   */
  public static Dataset<Row> from(Dataset<Row> fieldHistory) {
    Column owner = lower(trim(col(FIELD))).equalTo("owner");
    Dataset<Row> ownerRows =
        fieldHistory
            .filter(owner)
            .select(
                col(HISTORY_ID),
                col(OPPORTUNITY_ID),
                col(CREATED_DATE).as(CHANGED_AT),
                TO18.apply(col(OLD_VALUE)).as(FROM_OWNER_ID),
                TO18.apply(col(NEW_VALUE)).as(TO_OWNER_ID),
                col(DATA_TYPE));
    // Without a DataType, requiring both values to be Ids (below) is what tells the rows apart.
    Column idRow = col(DATA_TYPE).isNull().or(lower(trim(col(DATA_TYPE))).equalTo("entityid"));
    return ownerRows
        .filter(idRow)
        .filter(col(FROM_OWNER_ID).isNotNull().and(col(TO_OWNER_ID).isNotNull()))
        .filter(col(FROM_OWNER_ID).notEqual(col(TO_OWNER_ID)))
        .dropDuplicates(OPPORTUNITY_ID, CHANGED_AT, FROM_OWNER_ID, TO_OWNER_ID)
        .select(HISTORY_ID, OPPORTUNITY_ID, CHANGED_AT, FROM_OWNER_ID, TO_OWNER_ID);
  }
}
