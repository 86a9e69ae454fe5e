package io.swoop.model;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The canonical model: one table per Salesforce object, typed, with 18-character Ids, deleted rows
 * and rows created after the snapshot removed. Column names are the snake_case of the API names,
 * except each table's own Id (user_id, opportunity_id, history_id, activity_id). Every source
 * produces exactly these schemas; signals read nothing else.
 *
 * <ul>
 *   <li>{@value #USERS}: user_id, name, manager_id, is_active, created_date, last_modified_date,
 *       user_role_id, title, hire_date (date, the configured hire-date field, else null),
 *       termination_date (date, the configured termination field, else null)
 *   <li>{@value #OPPORTUNITIES}: opportunity_id, owner_id, stage_name, amount (decimal 18,2),
 *       probability (double 0-100), close_date, is_closed, is_won, created_date, name, account_id,
 *       currency_iso_code, last_modified_date, system_modstamp
 *   <li>{@value #OPPORTUNITY_HISTORY}: history_id, opportunity_id, stage_name, probability, amount,
 *       close_date, created_date, created_by_id, forecast_category, system_modstamp
 *   <li>{@value #OPPORTUNITY_FIELD_HISTORY}: history_id, opportunity_id, field, old_value,
 *       new_value (text as written; Ids not normalised), created_date, created_by_id, data_type
 *   <li>{@value #TASKS} and {@value #EVENTS}: activity_id, what_id, owner_id, activity_date,
 *       created_date, created_by_id, subject, type, subtype, duration_in_minutes; {@value #EVENTS}
 *       also who_id, is_child, is_all_day_event, start_date_time, end_date_time
 *   <li>{@value #EVENT_RELATIONS}: event_relation_id, event_id, relation_id (18-character Ids),
 *       is_invitee (true when the source has no IsInvitee column), is_what, status, created_date
 *       (null when the source has no CreatedDate)
 *   <li>{@value #USER_HISTORY}: history_id, user_id, field, old_value, new_value (text as written;
 *       Ids not normalised), created_date, created_by_id, data_type; empty when the source has no
 *       UserHistory
 * </ul>
 */
public final class Canonical {
  public static final String USERS = "users";
  public static final String OPPORTUNITIES = "opportunities";
  public static final String OPPORTUNITY_HISTORY = "opportunity_history";
  public static final String OPPORTUNITY_FIELD_HISTORY = "opportunity_field_history";
  public static final String TASKS = "tasks";
  public static final String EVENTS = "events";
  public static final String EVENT_RELATIONS = "event_relations";
  public static final String USER_HISTORY = "user_history";

  public static final String IS_DELETED = "is_deleted";

  /** EventRelation.IsInvitee; true for every row when the export has no such column. */
  public static final String IS_INVITEE = "is_invitee";

  public static final String HIRE_DATE = "hire_date";
  public static final String TERMINATION_DATE = "termination_date";

  /** Money everywhere: DECIMAL(18,2). */
  public static final DecimalType MONEY = DataTypes.createDecimalType(18, 2);

  private Canonical() {}

  /** The canonical schema of {@code object}'s table (IsDeleted is consumed, not kept). */
  public static StructType schema(SfObject object) {
    List<StructField> out = new ArrayList<>();
    for (FieldSpec f : object.fields()) {
      if (!f.column().equals(IS_DELETED)) {
        out.add(DataTypes.createStructField(f.column(), f.type().sparkType(), true));
      }
    }
    if (object == SfObject.USER) {
      out.add(DataTypes.createStructField(HIRE_DATE, DataTypes.DateType, true));
      out.add(DataTypes.createStructField(TERMINATION_DATE, DataTypes.DateType, true));
    }
    return new StructType(out.toArray(StructField[]::new));
  }
}
