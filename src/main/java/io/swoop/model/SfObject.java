package io.swoop.model;

import static io.swoop.model.FieldSpec.key;
import static io.swoop.model.FieldSpec.optional;
import static io.swoop.model.FieldSpec.required;

import java.util.ArrayList;
import java.util.List;

/**
 * The Salesforce objects swoop reads (CONTRACT §2), with the fields it takes from each and the
 * canonical table each becomes. Both sources deliver exactly these fields.
 */
public enum SfObject {
  USER(
      "User",
      Canonical.USERS,
      true,
      List.of(
          key("Id", "user_id", FieldType.ID),
          required("Name", "name", FieldType.TEXT),
          required("ManagerId", "manager_id", FieldType.ID),
          required("IsActive", "is_active", FieldType.BOOLEAN),
          key("CreatedDate", "created_date", FieldType.TIMESTAMP),
          optional("LastModifiedDate", "last_modified_date", FieldType.TIMESTAMP),
          optional("UserRoleId", "user_role_id", FieldType.ID),
          optional("Title", "title", FieldType.TEXT))),
  OPPORTUNITY(
      "Opportunity",
      Canonical.OPPORTUNITIES,
      true,
      List.of(
          key("Id", "opportunity_id", FieldType.ID),
          key("OwnerId", "owner_id", FieldType.ID),
          required("StageName", "stage_name", FieldType.TEXT),
          required("Amount", "amount", FieldType.MONEY),
          required("Probability", "probability", FieldType.NUMBER),
          required("CloseDate", "close_date", FieldType.DATE),
          required("IsClosed", "is_closed", FieldType.BOOLEAN),
          required("IsWon", "is_won", FieldType.BOOLEAN),
          key("CreatedDate", "created_date", FieldType.TIMESTAMP),
          optional("IsDeleted", Canonical.IS_DELETED, FieldType.BOOLEAN),
          optional("Name", "name", FieldType.TEXT),
          optional("AccountId", "account_id", FieldType.ID),
          optional("CurrencyIsoCode", "currency_iso_code", FieldType.TEXT),
          optional("LastModifiedDate", "last_modified_date", FieldType.TIMESTAMP),
          optional("SystemModstamp", "system_modstamp", FieldType.TIMESTAMP))),
  OPPORTUNITY_HISTORY(
      "OpportunityHistory",
      Canonical.OPPORTUNITY_HISTORY,
      true,
      List.of(
          key("Id", "history_id", FieldType.ID),
          key("OpportunityId", "opportunity_id", FieldType.ID),
          required("StageName", "stage_name", FieldType.TEXT),
          required("Probability", "probability", FieldType.NUMBER),
          required("Amount", "amount", FieldType.MONEY),
          required("CloseDate", "close_date", FieldType.DATE),
          key("CreatedDate", "created_date", FieldType.TIMESTAMP),
          optional("CreatedById", "created_by_id", FieldType.ID),
          optional("ForecastCategory", "forecast_category", FieldType.TEXT),
          optional("IsDeleted", Canonical.IS_DELETED, FieldType.BOOLEAN),
          optional("SystemModstamp", "system_modstamp", FieldType.TIMESTAMP))),
  OPPORTUNITY_FIELD_HISTORY(
      "OpportunityFieldHistory",
      Canonical.OPPORTUNITY_FIELD_HISTORY,
      true,
      List.of(
          key("Id", "history_id", FieldType.ID),
          key("OpportunityId", "opportunity_id", FieldType.ID),
          key("Field", "field", FieldType.TEXT),
          // Values stay text: for a lookup field Salesforce writes one row of Ids and one of names.
          required("OldValue", "old_value", FieldType.TEXT),
          required("NewValue", "new_value", FieldType.TEXT),
          key("CreatedDate", "created_date", FieldType.TIMESTAMP),
          optional("CreatedById", "created_by_id", FieldType.ID),
          optional("DataType", "data_type", FieldType.TEXT),
          optional("IsDeleted", Canonical.IS_DELETED, FieldType.BOOLEAN))),
  TASK("Task", Canonical.TASKS, false, activityFields(false)),
  EVENT("Event", Canonical.EVENTS, false, activityFields(true)),
  EVENT_RELATION(
      "EventRelation",
      Canonical.EVENT_RELATIONS,
      false,
      List.of(
          key("Id", "event_relation_id", FieldType.ID),
          key("EventId", "event_id", FieldType.ID),
          key("RelationId", "relation_id", FieldType.ID),
          // An export without IsInvitee lists invitees only: the column's absence reads as true.
          optional("IsInvitee", Canonical.IS_INVITEE, FieldType.BOOLEAN, "true"),
          optional("IsWhat", "is_what", FieldType.BOOLEAN),
          optional("Status", "status", FieldType.TEXT),
          optional("IsDeleted", Canonical.IS_DELETED, FieldType.BOOLEAN),
          // As of the snapshot only where the export has it (CONTRACT §2).
          optional("CreatedDate", "created_date", FieldType.TIMESTAMP)));

  private final String apiName;
  private final String table;
  private final boolean requiredFile;
  private final List<FieldSpec> fields;

  SfObject(String apiName, String table, boolean requiredFile, List<FieldSpec> fields) {
    this.apiName = apiName;
    this.table = table;
    this.requiredFile = requiredFile;
    this.fields = fields;
  }

  private static List<FieldSpec> activityFields(boolean event) {
    List<FieldSpec> f = new ArrayList<>();
    f.add(key("Id", "activity_id", FieldType.ID));
    f.add(required("WhatId", "what_id", FieldType.ID));
    f.add(key("OwnerId", "owner_id", FieldType.ID));
    f.add(required("ActivityDate", "activity_date", FieldType.DATE));
    f.add(key("CreatedDate", "created_date", FieldType.TIMESTAMP));
    f.add(optional("CreatedById", "created_by_id", FieldType.ID));
    f.add(optional("Subject", "subject", FieldType.TEXT));
    f.add(optional("Type", "type", FieldType.TEXT));
    f.add(optional(event ? "EventSubtype" : "TaskSubtype", "subtype", FieldType.TEXT));
    f.add(optional("DurationInMinutes", "duration_in_minutes", FieldType.NUMBER));
    f.add(optional("IsDeleted", Canonical.IS_DELETED, FieldType.BOOLEAN));
    if (event) {
      f.add(optional("WhoId", "who_id", FieldType.ID));
      f.add(optional("IsChild", "is_child", FieldType.BOOLEAN));
      f.add(optional("IsAllDayEvent", "is_all_day_event", FieldType.BOOLEAN));
      f.add(optional("StartDateTime", "start_date_time", FieldType.TIMESTAMP));
      f.add(optional("EndDateTime", "end_date_time", FieldType.TIMESTAMP));
    }
    return List.copyOf(f);
  }

  /** The object's API name, which is also its export file's name without {@code .csv}. */
  public String apiName() {
    return apiName;
  }

  public String fileName() {
    return apiName + ".csv";
  }

  /** The canonical table this object becomes. */
  public String table() {
    return table;
  }

  /** A required object's export must be present; Task, Event and EventRelation may be absent. */
  public boolean requiredFile() {
    return requiredFile;
  }

  /** The standard fields swoop reads; see {@link ObjectSpec} for configured extra fields. */
  public List<FieldSpec> fields() {
    return fields;
  }
}
