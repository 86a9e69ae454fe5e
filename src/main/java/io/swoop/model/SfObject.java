package io.swoop.model;

import static io.swoop.model.ColumnNames.ACCOUNT_ID;
import static io.swoop.model.ColumnNames.ACTIVITY_DATE;
import static io.swoop.model.ColumnNames.ACTIVITY_ID;
import static io.swoop.model.ColumnNames.AMOUNT;
import static io.swoop.model.ColumnNames.CLOSE_DATE;
import static io.swoop.model.ColumnNames.CREATED_BY_ID;
import static io.swoop.model.ColumnNames.CREATED_DATE;
import static io.swoop.model.ColumnNames.CURRENCY_ISO_CODE;
import static io.swoop.model.ColumnNames.DATA_TYPE;
import static io.swoop.model.ColumnNames.DURATION_IN_MINUTES;
import static io.swoop.model.ColumnNames.END_DATE_TIME;
import static io.swoop.model.ColumnNames.EVENT_ID;
import static io.swoop.model.ColumnNames.EVENT_RELATION_ID;
import static io.swoop.model.ColumnNames.FIELD;
import static io.swoop.model.ColumnNames.FORECAST_CATEGORY;
import static io.swoop.model.ColumnNames.HISTORY_ID;
import static io.swoop.model.ColumnNames.IS_ACTIVE;
import static io.swoop.model.ColumnNames.IS_ALL_DAY_EVENT;
import static io.swoop.model.ColumnNames.IS_CHILD;
import static io.swoop.model.ColumnNames.IS_CLOSED;
import static io.swoop.model.ColumnNames.IS_WHAT;
import static io.swoop.model.ColumnNames.IS_WON;
import static io.swoop.model.ColumnNames.LAST_MODIFIED_DATE;
import static io.swoop.model.ColumnNames.MANAGER_ID;
import static io.swoop.model.ColumnNames.NAME;
import static io.swoop.model.ColumnNames.NEW_VALUE;
import static io.swoop.model.ColumnNames.OLD_VALUE;
import static io.swoop.model.ColumnNames.OPPORTUNITY_ID;
import static io.swoop.model.ColumnNames.OWNER_ID;
import static io.swoop.model.ColumnNames.PROBABILITY;
import static io.swoop.model.ColumnNames.RELATION_ID;
import static io.swoop.model.ColumnNames.STAGE_NAME;
import static io.swoop.model.ColumnNames.START_DATE_TIME;
import static io.swoop.model.ColumnNames.STATUS;
import static io.swoop.model.ColumnNames.SUBJECT;
import static io.swoop.model.ColumnNames.SUBTYPE;
import static io.swoop.model.ColumnNames.SYSTEM_MODSTAMP;
import static io.swoop.model.ColumnNames.TITLE;
import static io.swoop.model.ColumnNames.TYPE;
import static io.swoop.model.ColumnNames.USER_ID;
import static io.swoop.model.ColumnNames.USER_ROLE_ID;
import static io.swoop.model.ColumnNames.WHAT_ID;
import static io.swoop.model.ColumnNames.WHO_ID;
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
          key("Id", USER_ID, FieldType.ID),
          required("Name", NAME, FieldType.TEXT),
          required("ManagerId", MANAGER_ID, FieldType.ID),
          required("IsActive", IS_ACTIVE, FieldType.BOOLEAN),
          key("CreatedDate", CREATED_DATE, FieldType.TIMESTAMP),
          optional("LastModifiedDate", LAST_MODIFIED_DATE, FieldType.TIMESTAMP),
          optional("UserRoleId", USER_ROLE_ID, FieldType.ID),
          optional("Title", TITLE, FieldType.TEXT))),
  OPPORTUNITY(
      "Opportunity",
      Canonical.OPPORTUNITIES,
      true,
      List.of(
          key("Id", OPPORTUNITY_ID, FieldType.ID),
          key("OwnerId", OWNER_ID, FieldType.ID),
          required("StageName", STAGE_NAME, FieldType.TEXT),
          required("Amount", AMOUNT, FieldType.MONEY),
          required("Probability", PROBABILITY, FieldType.NUMBER),
          required("CloseDate", CLOSE_DATE, FieldType.DATE),
          required("IsClosed", IS_CLOSED, FieldType.BOOLEAN),
          required("IsWon", IS_WON, FieldType.BOOLEAN),
          key("CreatedDate", CREATED_DATE, FieldType.TIMESTAMP),
          optional("IsDeleted", Canonical.IS_DELETED, FieldType.BOOLEAN),
          optional("Name", NAME, FieldType.TEXT),
          optional("AccountId", ACCOUNT_ID, FieldType.ID),
          optional("CurrencyIsoCode", CURRENCY_ISO_CODE, FieldType.TEXT),
          optional("LastModifiedDate", LAST_MODIFIED_DATE, FieldType.TIMESTAMP),
          optional("SystemModstamp", SYSTEM_MODSTAMP, FieldType.TIMESTAMP))),
  OPPORTUNITY_HISTORY(
      "OpportunityHistory",
      Canonical.OPPORTUNITY_HISTORY,
      true,
      List.of(
          key("Id", HISTORY_ID, FieldType.ID),
          key("OpportunityId", OPPORTUNITY_ID, FieldType.ID),
          required("StageName", STAGE_NAME, FieldType.TEXT),
          required("Probability", PROBABILITY, FieldType.NUMBER),
          required("Amount", AMOUNT, FieldType.MONEY),
          required("CloseDate", CLOSE_DATE, FieldType.DATE),
          key("CreatedDate", CREATED_DATE, FieldType.TIMESTAMP),
          optional("CreatedById", CREATED_BY_ID, FieldType.ID),
          optional("ForecastCategory", FORECAST_CATEGORY, FieldType.TEXT),
          optional("IsDeleted", Canonical.IS_DELETED, FieldType.BOOLEAN),
          optional("SystemModstamp", SYSTEM_MODSTAMP, FieldType.TIMESTAMP))),
  OPPORTUNITY_FIELD_HISTORY(
      "OpportunityFieldHistory",
      Canonical.OPPORTUNITY_FIELD_HISTORY,
      true,
      fieldHistoryFields("OpportunityId", OPPORTUNITY_ID)),
  TASK("Task", Canonical.TASKS, false, activityFields(false)),
  EVENT("Event", Canonical.EVENTS, false, activityFields(true)),
  EVENT_RELATION(
      "EventRelation",
      Canonical.EVENT_RELATIONS,
      false,
      List.of(
          key("Id", EVENT_RELATION_ID, FieldType.ID),
          key("EventId", EVENT_ID, FieldType.ID),
          key("RelationId", RELATION_ID, FieldType.ID),
          // An export without IsInvitee lists invitees only: the column's absence reads as true.
          optional("IsInvitee", Canonical.IS_INVITEE, FieldType.BOOLEAN, "true"),
          optional("IsWhat", IS_WHAT, FieldType.BOOLEAN),
          optional("Status", STATUS, FieldType.TEXT),
          optional("IsDeleted", Canonical.IS_DELETED, FieldType.BOOLEAN),
          // As of the snapshot only where the export has it (CONTRACT §2).
          optional("CreatedDate", CREATED_DATE, FieldType.TIMESTAMP))),
  USER_HISTORY("UserHistory", Canonical.USER_HISTORY, false, fieldHistoryFields("UserId", USER_ID));

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

  /** A field history object's fields (OpportunityFieldHistory, UserHistory): one parent key. */
  private static List<FieldSpec> fieldHistoryFields(String parentApiName, String parentColumn) {
    return List.of(
        key("Id", HISTORY_ID, FieldType.ID),
        key(parentApiName, parentColumn, FieldType.ID),
        key("Field", FIELD, FieldType.TEXT),
        // Values stay text: for a lookup field Salesforce writes one row of Ids and one of names.
        required("OldValue", OLD_VALUE, FieldType.TEXT),
        required("NewValue", NEW_VALUE, FieldType.TEXT),
        key("CreatedDate", CREATED_DATE, FieldType.TIMESTAMP),
        optional("CreatedById", CREATED_BY_ID, FieldType.ID),
        optional("DataType", DATA_TYPE, FieldType.TEXT),
        optional("IsDeleted", Canonical.IS_DELETED, FieldType.BOOLEAN));
  }

  private static List<FieldSpec> activityFields(boolean event) {
    List<FieldSpec> f = new ArrayList<>();
    f.add(key("Id", ACTIVITY_ID, FieldType.ID));
    f.add(required("WhatId", WHAT_ID, FieldType.ID));
    f.add(key("OwnerId", OWNER_ID, FieldType.ID));
    f.add(required("ActivityDate", ACTIVITY_DATE, FieldType.DATE));
    f.add(key("CreatedDate", CREATED_DATE, FieldType.TIMESTAMP));
    f.add(optional("CreatedById", CREATED_BY_ID, FieldType.ID));
    f.add(optional("Subject", SUBJECT, FieldType.TEXT));
    f.add(optional("Type", TYPE, FieldType.TEXT));
    f.add(optional(event ? "EventSubtype" : "TaskSubtype", SUBTYPE, FieldType.TEXT));
    f.add(optional("DurationInMinutes", DURATION_IN_MINUTES, FieldType.NUMBER));
    f.add(optional("IsDeleted", Canonical.IS_DELETED, FieldType.BOOLEAN));
    if (event) {
      f.add(optional("WhoId", WHO_ID, FieldType.ID));
      f.add(optional("IsChild", IS_CHILD, FieldType.BOOLEAN));
      f.add(optional("IsAllDayEvent", IS_ALL_DAY_EVENT, FieldType.BOOLEAN));
      f.add(optional("StartDateTime", START_DATE_TIME, FieldType.TIMESTAMP));
      f.add(optional("EndDateTime", END_DATE_TIME, FieldType.TIMESTAMP));
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

  /**
   * A required object's export must be present; Task, Event, EventRelation and UserHistory may be
   * absent.
   */
  public boolean requiredFile() {
    return requiredFile;
  }

  /** The standard fields swoop reads; see {@link ObjectSpec} for configured extra fields. */
  public List<FieldSpec> fields() {
    return fields;
  }
}
