package io.swoop.source.sfdc;

import static io.swoop.source.sfdc.FakeOrg.date;
import static io.swoop.source.sfdc.FakeOrg.id;
import static io.swoop.source.sfdc.FakeOrg.ts;

import java.time.Duration;
import java.time.Instant;

/**
 * The fixture org: a VP, two managers, four reps (one gone), a dozen opportunities with their stage
 * and field history (owner changes written as an Id row and a name row), 450 Tasks, 30 Events with
 * their EventRelations (user invitees, declined ones, contacts, the related deal), a few deleted
 * records, and text that needs quoting (commas, quotes, line breaks).
 */
public final class SmallOrg {
  public static final int TASKS = 450;
  public static final int EVENTS = 30;

  /** EventRelation rows, deleted ones included: see {@link #org()}. */
  public static final int EVENT_RELATIONS = 30 + 6 + 5;

  static final Instant T0 = ts("2023-01-02T09:00:00Z");

  private SmallOrg() {}

  public static String user(int n) {
    return id("005", n);
  }

  public static String opp(int n) {
    return id("006", n);
  }

  /** The fixture with every optional field present, so no query is spent finding absent ones. */
  public static FakeOrg completeOrg() {
    FakeOrg org = org();
    org.table("Opportunity").field("CurrencyIsoCode", FakeOrg.Kind.STRING);
    org.table("Task").field("DurationInMinutes", FakeOrg.Kind.DOUBLE);
    return org;
  }

  /**
   * {@code org} with User field history tracking on (CONTRACT §2 {@code UserHistory}): Rep 6 moved
   * from Mark's team to Mia's on 2022-06-01 (an Id row and a name row, as Salesforce writes a
   * lookup change), Rep 7 was deactivated on 2023-05-31, and a Title change that swoop ignores. Rep
   * 6's User row is as of the move, so it stays consistent with the history.
   */
  public static FakeOrg withUserHistory(FakeOrg org) {
    org.table("UserHistory")
        .field("Id", FakeOrg.Kind.ID)
        .field("UserId", FakeOrg.Kind.ID)
        .field("Field", FakeOrg.Kind.STRING)
        .field("OldValue", FakeOrg.Kind.ANY)
        .field("NewValue", FakeOrg.Kind.ANY)
        .field("CreatedDate", FakeOrg.Kind.DATETIME)
        .field("CreatedById", FakeOrg.Kind.ID)
        .field("DataType", FakeOrg.Kind.STRING)
        .field("IsDeleted", FakeOrg.Kind.BOOLEAN);
    Instant moved = ts("2022-06-01T09:00:00Z");
    userHistory(org, user(6), "Manager", user(2), user(3), moved, "EntityId");
    userHistory(org, user(6), "Manager", "Mark \"The Boss\" Manager", "Mia Manager", moved, "Text");
    userHistory(org, user(7), "IsActive", true, false, ts("2023-05-31T18:00:00Z"), "Boolean");
    userHistory(org, user(4), "Title", "Sales Rep", "Account Executive", moved, "Text");
    return org;
  }

  /** Adds one UserHistory row; its Id is the next of the table. */
  static void userHistory(
      FakeOrg org,
      String userId,
      String field,
      Object oldValue,
      Object newValue,
      Instant at,
      String dataType) {
    FakeOrg.Table h = org.table("UserHistory");
    h.row(
        "Id",
        id("0PH", h.rows().size() + 1),
        "UserId",
        userId,
        "Field",
        field,
        "OldValue",
        oldValue,
        "NewValue",
        newValue,
        "CreatedDate",
        at,
        "CreatedById",
        user(1),
        "DataType",
        dataType,
        "IsDeleted",
        false);
  }

  /**
   * Gives {@code userId} the manager {@code managerId} at {@code at}, as an admin's edit does: the
   * User row's ManagerId, LastModifiedDate and SystemModstamp; and, when the org tracks User field
   * history, its Id row and name row.
   */
  public static void changeManager(FakeOrg org, String userId, String managerId, Instant at) {
    synchronized (org) {
      java.util.Map<String, Object> u = org.table("User").find(userId);
      Object old = u.get("ManagerId");
      u.put("ManagerId", managerId);
      u.put("LastModifiedDate", at);
      u.put("SystemModstamp", at);
      if (org.find("UserHistory") != null) {
        userHistory(org, userId, "Manager", old, managerId, at, "EntityId");
        userHistory(org, userId, "Manager", name(org, old), name(org, managerId), at, "Text");
      }
    }
  }

  /** Deactivates {@code userId} at {@code at}, as {@link #changeManager} changes a manager. */
  public static void deactivate(FakeOrg org, String userId, Instant at) {
    synchronized (org) {
      java.util.Map<String, Object> u = org.table("User").find(userId);
      u.put("IsActive", false);
      u.put("LastModifiedDate", at);
      u.put("SystemModstamp", at);
      if (org.find("UserHistory") != null) {
        userHistory(org, userId, "IsActive", true, false, at, "Boolean");
      }
    }
  }

  private static Object name(FakeOrg org, Object userId) {
    return userId == null ? null : org.table("User").find((String) userId).get("Name");
  }

  /**
   * The fixture as a real org has it: no CurrencyIsoCode (not multi-currency), no DurationInMinutes
   * on Task; User carries the custom field Hire_Date__c.
   */
  public static FakeOrg org() {
    FakeOrg org = FakeOrg.withStandardObjects(true);
    FakeOrg.Table u = org.table("User");
    u.row(
        "Id",
        user(1),
        "Name",
        "Vera VP",
        "ManagerId",
        null,
        "IsActive",
        true,
        "CreatedDate",
        ts("2019-05-01T08:00:00Z"),
        "LastModifiedDate",
        ts("2023-01-01T00:00:00Z"),
        "UserRoleId",
        id("00E", 1),
        "Title",
        "VP Sales",
        "SystemModstamp",
        ts("2023-01-01T00:00:00Z"),
        "Hire_Date__c",
        date("2019-04-15"));
    u.row(
        "Id",
        user(2),
        "Name",
        "Mark \"The Boss\" Manager",
        "ManagerId",
        user(1),
        "IsActive",
        true,
        "CreatedDate",
        ts("2020-02-03T10:11:12.345Z"),
        "LastModifiedDate",
        ts("2023-01-01T00:00:00Z"),
        "UserRoleId",
        null,
        "Title",
        "Manager, East",
        "SystemModstamp",
        ts("2023-01-01T00:00:00Z"),
        "Hire_Date__c",
        null);
    u.row(
        "Id",
        user(3),
        "Name",
        "Mia Manager",
        "ManagerId",
        user(1),
        "IsActive",
        true,
        "CreatedDate",
        ts("2020-03-03T10:00:00Z"),
        "LastModifiedDate",
        ts("2023-01-01T00:00:00Z"),
        "UserRoleId",
        null,
        "Title",
        "Manager\nWest",
        "SystemModstamp",
        ts("2023-01-01T00:00:00Z"),
        "Hire_Date__c",
        date("2020-03-01"));
    for (int r = 4; r <= 7; r++) {
      boolean gone = r == 7;
      u.row(
          "Id",
          user(r),
          "Name",
          "Rep " + r,
          "ManagerId",
          user(r <= 5 ? 2 : 3),
          "IsActive",
          !gone,
          "CreatedDate",
          ts("2021-0" + r + "-01T12:00:00Z"),
          "LastModifiedDate",
          ts(gone ? "2023-06-30T17:00:00Z" : "2022-12-01T00:00:00Z"),
          "UserRoleId",
          id("00E", 2),
          "Title",
          "Account Executive",
          "SystemModstamp",
          ts(gone ? "2023-06-30T17:00:00Z" : "2022-12-01T00:00:00Z"),
          "Hire_Date__c",
          null);
    }
    FakeOrg.Table o = org.table("Opportunity");
    FakeOrg.Table h = org.table("OpportunityHistory");
    FakeOrg.Table fh = org.table("OpportunityFieldHistory");
    String[] stages = {"Prospecting", "Negotiation", "Closed Won", "Closed Lost"};
    double[] probability = {10, 80, 100, 0};
    for (int n = 1; n <= 12; n++) {
      int stage = n % 4;
      Instant created = T0.plus(Duration.ofDays(n * 7L));
      Instant modified = created.plus(Duration.ofDays(30));
      String owner = user(4 + n % 4);
      o.row(
          "Id",
          opp(n),
          "OwnerId",
          owner,
          "StageName",
          stages[stage],
          "Amount",
          n == 5 ? null : 1000.0 * n + 0.5,
          "Probability",
          probability[stage],
          "CloseDate",
          date("2023-06-" + String.format("%02d", 1 + n)),
          "IsClosed",
          stage >= 2,
          "IsWon",
          stage == 2,
          "CreatedDate",
          created,
          "IsDeleted",
          n == 12,
          "Name",
          "Deal " + n + ", \"big\"",
          "AccountId",
          id("001", n),
          "LastModifiedDate",
          modified,
          "SystemModstamp",
          modified);
      h.row(
          "Id",
          id("008", n * 10),
          "OpportunityId",
          opp(n),
          "StageName",
          "Prospecting",
          "Probability",
          10.0,
          "Amount",
          1000.0 * n,
          "CloseDate",
          date("2023-06-01"),
          "CreatedDate",
          created,
          "CreatedById",
          owner,
          "ForecastCategory",
          "Pipeline",
          "IsDeleted",
          false,
          "SystemModstamp",
          created);
      h.row(
          "Id",
          id("008", n * 10 + 1),
          "OpportunityId",
          opp(n),
          "StageName",
          stages[stage],
          "Probability",
          probability[stage],
          "Amount",
          1000.0 * n + 0.5,
          "CloseDate",
          date("2023-06-02"),
          "CreatedDate",
          created.plus(Duration.ofDays(10)),
          "CreatedById",
          user(2),
          "ForecastCategory",
          stage == 1 ? "Commit" : "Pipeline",
          "IsDeleted",
          n == 11,
          "SystemModstamp",
          created.plus(Duration.ofDays(10)));
      if (n % 3 == 0) {
        Instant at = created.plus(Duration.ofDays(12));
        fh.row(
            "Id",
            id("017", n * 10),
            "OpportunityId",
            opp(n),
            "Field",
            "Owner",
            "OldValue",
            user(4),
            "NewValue",
            user(2),
            "CreatedDate",
            at,
            "CreatedById",
            user(2),
            "DataType",
            "EntityId",
            "IsDeleted",
            false);
        fh.row(
            "Id",
            id("017", n * 10 + 1),
            "OpportunityId",
            opp(n),
            "Field",
            "Owner",
            "OldValue",
            "Rep 4",
            "NewValue",
            "Mark \"The Boss\" Manager",
            "CreatedDate",
            at,
            "CreatedById",
            user(2),
            "DataType",
            "Text",
            "IsDeleted",
            false);
        fh.row(
            "Id",
            id("017", n * 10 + 2),
            "OpportunityId",
            opp(n),
            "Field",
            "Amount",
            "OldValue",
            1000.0 * n,
            "NewValue",
            1000.0 * n + 0.5,
            "CreatedDate",
            at.plus(Duration.ofMinutes(1)),
            "CreatedById",
            user(2),
            "DataType",
            "Currency",
            "IsDeleted",
            false);
      }
    }
    FakeOrg.Table task = org.table("Task");
    for (int n = 1; n <= TASKS; n++) {
      Instant created = T0.plus(Duration.ofHours(n * 13L));
      task.row(
          "Id",
          id("00T", n),
          "WhatId",
          opp(1 + n % 12),
          "OwnerId",
          user(2 + n % 6),
          "ActivityDate",
          date(created.toString().substring(0, 10)),
          "CreatedDate",
          created,
          "CreatedById",
          user(2),
          "Subject",
          n % 50 == 0 ? "Call, then \"follow up\"\nnext week" : "Call " + n,
          "Type",
          "Call",
          "TaskSubtype",
          "Task",
          "IsDeleted",
          n % 100 == 0,
          // Tasks 3k-2, 3k-1 and 3k share a SystemModstamp (199-201 straddle the first page's end):
          // only (SystemModstamp, Id) orders them.
          "SystemModstamp",
          T0.plus(Duration.ofHours(13L * ((n + 2) / 3) + 24)));
    }
    FakeOrg.Table event = org.table("Event");
    FakeOrg.Table relation = org.table("EventRelation");
    int r = 0;
    for (int n = 1; n <= EVENTS; n++) {
      Instant created = T0.plus(Duration.ofDays(n * 11L));
      Instant start = created;
      event.row(
          "Id",
          id("00U", n),
          "WhatId",
          opp(1 + n % 12),
          "OwnerId",
          user(2 + n % 6),
          "ActivityDate",
          date(start.toString().substring(0, 10)),
          "CreatedDate",
          created,
          "CreatedById",
          user(3),
          "Subject",
          "Meeting " + n,
          "Type",
          "Meeting",
          "EventSubtype",
          "Event",
          "DurationInMinutes",
          30.0 + n,
          "IsDeleted",
          false,
          "SystemModstamp",
          created,
          "WhoId",
          n % 10 == 0 ? id("003", n) : null,
          "IsChild",
          n == 29,
          "IsAllDayEvent",
          n == 28,
          "StartDateTime",
          start,
          "EndDateTime",
          start.plus(Duration.ofMinutes(30 + n)));
      // Every event invites a user (every 7th declines), every 6th names its deal, every 5th a
      // contact.
      relation.row(
          "Id",
          id("0RE", ++r),
          "EventId",
          id("00U", n),
          "RelationId",
          user(2 + (n + 1) % 6),
          "IsInvitee",
          true,
          "IsWhat",
          false,
          "Status",
          n % 7 == 0 ? "Declined" : n % 2 == 0 ? "Accepted" : null,
          "IsDeleted",
          n == 13,
          "CreatedDate",
          created,
          "SystemModstamp",
          created.plus(Duration.ofMinutes(n)));
      if (n % 6 == 0) {
        relation.row(
            "Id",
            id("0RE", ++r),
            "EventId",
            id("00U", n),
            "RelationId",
            opp(1 + n % 12),
            "IsInvitee",
            false,
            "IsWhat",
            true,
            "Status",
            null,
            "IsDeleted",
            false,
            "CreatedDate",
            created,
            "SystemModstamp",
            created);
      }
      if (n % 5 == 0) {
        relation.row(
            "Id",
            id("0RE", ++r),
            "EventId",
            id("00U", n),
            "RelationId",
            id("003", n),
            "IsInvitee",
            true,
            "IsWhat",
            false,
            "Status",
            "New",
            "IsDeleted",
            false,
            "CreatedDate",
            created,
            "SystemModstamp",
            created);
      }
    }
    return org;
  }
}
