package io.swoop.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.swoop.model.Canonical;
import io.swoop.model.CanonicalModel;
import io.swoop.model.Ids;
import io.swoop.model.SfObject;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A tiny org written inline: users, deals, their stage history, owner changes and activities, as
 * the canonical tables. Ids are readable: {@code user("rep1")} is the 18-character Id of {@code
 * 005rep1........}.
 */
final class Fixture {
  final List<Row> users = new ArrayList<>();
  final List<Row> opportunities = new ArrayList<>();
  final List<Row> history = new ArrayList<>();
  final List<Row> fieldHistory = new ArrayList<>();
  final List<Row> tasks = new ArrayList<>();
  final List<Row> events = new ArrayList<>();
  final List<Row> eventRelations = new ArrayList<>();
  final List<Row> userHistory = new ArrayList<>();
  private boolean hasEventRelations;
  private int seq;

  static String user(String name) {
    return Ids.to18(user15(name));
  }

  static String user15(String name) {
    return id15("005", name);
  }

  static String opp(String name) {
    return Ids.to18(id15("006", name));
  }

  /** The Id of the Event written by {@code meeting(name, ...)}. */
  static String eventId(String name) {
    return Ids.to18(id15("00U", name));
  }

  static String contact(String name) {
    return Ids.to18(id15("003", name));
  }

  static String lead(String name) {
    return Ids.to18(id15("00Q", name));
  }

  private static String id15(String prefix, String name) {
    String body = (name + "xxxxxxxxxxxx").substring(0, 12);
    return prefix + body;
  }

  /** A UTC instant written as {@code 2024-03-05T10:00:00} (seconds or fractions optional). */
  static Timestamp at(String utc) {
    return Timestamp.from(Instant.parse(utc + "Z"));
  }

  static Date day(String date) {
    return date == null ? null : Date.valueOf(LocalDate.parse(date));
  }

  static BigDecimal money(String amount) {
    return amount == null ? null : new BigDecimal(amount);
  }

  /** An active user created 2020-01-01. */
  Fixture user(String name, String manager) {
    return user(name, manager, true, "2020-01-01T00:00:00", null, null, null);
  }

  Fixture user(
      String name,
      String manager,
      boolean active,
      String created,
      String lastModified,
      String hireDate,
      String terminationDate) {
    users.add(
        row(
            Canonical.schema(SfObject.USER),
            Map.of(
                "user_id",
                user(name),
                "name",
                "User " + name,
                "is_active",
                active,
                "created_date",
                at(created)),
            "manager_id",
            manager == null ? null : user(manager),
            "last_modified_date",
            lastModified == null ? null : at(lastModified),
            "hire_date",
            day(hireDate),
            "termination_date",
            day(terminationDate)));
    return this;
  }

  /** An open deal owned now by {@code owner}, created 2024-01-01, amount 1000. */
  Fixture openDeal(String name, String owner) {
    return deal(name, owner, "Negotiation", 80.0, "1000.00", "2024-06-30", false, false);
  }

  Fixture deal(
      String name,
      String owner,
      String stage,
      double probability,
      String amount,
      String closeDate,
      boolean closed,
      boolean won) {
    opportunities.add(
        row(
            Canonical.schema(SfObject.OPPORTUNITY),
            Map.of(
                "opportunity_id", opp(name),
                "owner_id", user(owner),
                "stage_name", stage,
                "probability", probability,
                "is_closed", closed,
                "is_won", won,
                "created_date", at("2024-01-01T00:00:00")),
            "amount",
            money(amount),
            "close_date",
            day(closeDate)));
    return this;
  }

  /** A stage history row of amount 1000 written by nobody known. */
  Fixture stage(String deal, String at, String stage, double probability) {
    return stage(deal, at, stage, probability, "1000.00", null);
  }

  Fixture stage(
      String deal, String at, String stage, double probability, String amount, String createdBy) {
    history.add(
        row(
            Canonical.schema(SfObject.OPPORTUNITY_HISTORY),
            Map.of(
                "history_id", Ids.to18(id15("008", "h" + (++seq))),
                "opportunity_id", opp(deal),
                "stage_name", stage,
                "probability", probability,
                "created_date", at(at)),
            "amount",
            money(amount),
            "created_by_id",
            createdBy == null ? null : user(createdBy)));
    return this;
  }

  /** A stage history row that also records the deal's CloseDate then. */
  Fixture stage(
      String deal,
      String at,
      String stage,
      double probability,
      String amount,
      String createdBy,
      String closeDate) {
    stage(deal, at, stage, probability, amount, createdBy);
    Row r = history.remove(history.size() - 1);
    history.add(
        with(r, Canonical.schema(SfObject.OPPORTUNITY_HISTORY), "close_date", day(closeDate)));
    return this;
  }

  /** Deal {@code name} created at {@code at} instead of 2024-01-01. */
  Fixture created(String name, String at) {
    StructType schema = Canonical.schema(SfObject.OPPORTUNITY);
    int id = schema.fieldIndex("opportunity_id");
    for (int i = 0; i < opportunities.size(); i++) {
      if (opp(name).equals(opportunities.get(i).getString(id))) {
        opportunities.set(i, with(opportunities.get(i), schema, "created_date", at(at)));
      }
    }
    return this;
  }

  private static Row with(Row r, StructType schema, String column, Object value) {
    Object[] values = new Object[r.length()];
    for (int i = 0; i < values.length; i++) {
      values[i] = r.get(i);
    }
    values[schema.fieldIndex(column)] = value;
    return RowFactory.create(values);
  }

  /** The usual life of a deal: Prospecting (10) on 2024-01-01, Negotiation (80) from 2024-03-01. */
  Fixture lateFromMarch(String deal) {
    return stage(deal, "2024-01-01T00:00:00", "Prospecting", 10)
        .stage(deal, "2024-03-01T09:00:00", "Negotiation", 80);
  }

  /** An owner change as Salesforce writes it: an Id row (EntityId) and a name row (Text). */
  Fixture ownerChange(String deal, String at, String from, String to) {
    fieldRow(deal, at, user(from), user(to), "EntityId");
    fieldRow(deal, at, "User " + from, "User " + to, "Text");
    return this;
  }

  Fixture fieldRow(String deal, String at, String oldValue, String newValue, String dataType) {
    fieldHistory.add(
        row(
            Canonical.schema(SfObject.OPPORTUNITY_FIELD_HISTORY),
            Map.of(
                "history_id", Ids.to18(id15("017", "f" + (++seq))),
                "opportunity_id", opp(deal),
                "field", "Owner",
                "created_date", at(at)),
            "old_value",
            oldValue,
            "new_value",
            newValue,
            "data_type",
            dataType));
    return this;
  }

  Fixture task(String deal, String owner, String date) {
    tasks.add(activity(SfObject.TASK, deal, owner, date));
    return this;
  }

  Fixture event(String deal, String owner, String date) {
    events.add(activity(SfObject.EVENT, deal, owner, date));
    return this;
  }

  /**
   * An Event with no deal, named {@code name} (its Id is {@link #eventId}), owned by {@code owner}
   * on {@code date}; {@code more} sets other Event columns by name, e.g. {@code "is_child", true}.
   */
  Fixture meeting(String name, String owner, String date, Object... more) {
    events.add(
        row(
            Canonical.schema(SfObject.EVENT),
            Map.of(
                "activity_id", eventId(name),
                "owner_id", user(owner),
                "activity_date", day(date),
                "created_date", at(date + "T00:00:00")),
            more));
    return this;
  }

  /** An EventRelation of event {@code name}: {@code relationId} invited, not yet answered. */
  Fixture relation(String name, String relationId) {
    return relation(name, relationId, true, null);
  }

  Fixture relation(String name, String relationId, Boolean invitee, String status) {
    eventRelations.add(
        row(
            Canonical.schema(SfObject.EVENT_RELATION),
            Map.of(
                "event_relation_id", Ids.to18(id15("0RE", "e" + (++seq))),
                "event_id", eventId(name),
                "relation_id", relationId),
            "is_invitee",
            invitee,
            "status",
            status));
    hasEventRelations = true;
    return this;
  }

  /**
   * A manager change of {@code user} at {@code at} as Salesforce writes it in UserHistory: an Id
   * row (EntityId) and a name row (Text); {@code from} or {@code to} null is "no manager".
   */
  Fixture managerChange(String user, String at, String from, String to) {
    userHistoryRow(
        user,
        at,
        "ManagerId",
        from == null ? null : user(from),
        to == null ? null : user(to),
        "EntityId");
    return userHistoryRow(
        user,
        at,
        "ManagerId",
        from == null ? null : "User " + from,
        to == null ? null : "User " + to,
        "Text");
  }

  /** {@code user} made inactive at {@code at} (an IsActive change from true to false). */
  Fixture deactivated(String user, String at) {
    return userHistoryRow(user, at, "IsActive", "true", "false", "Boolean");
  }

  Fixture userHistoryRow(
      String user, String at, String field, String oldValue, String newValue, String dataType) {
    userHistory.add(
        row(
            Canonical.schema(SfObject.USER_HISTORY),
            Map.of(
                "history_id", Ids.to18(id15("0Uh", "u" + (++seq))),
                "user_id", user(user),
                "field", field,
                "created_date", at(at)),
            "old_value",
            oldValue,
            "new_value",
            newValue,
            "data_type",
            dataType));
    return this;
  }

  /** The input has an EventRelation export, even if it has no rows. */
  Fixture withEventRelations() {
    hasEventRelations = true;
    return this;
  }

  private Row activity(SfObject object, String deal, String owner, String date) {
    return row(
        Canonical.schema(object),
        Map.of(
            "activity_id", Ids.to18(id15("00T", "a" + (++seq))),
            "what_id", opp(deal),
            "owner_id", user(owner),
            "activity_date", day(date),
            "created_date", at(date + "T00:00:00")));
  }

  CanonicalModel model(SparkSession spark, String snapshotDate) {
    return new CanonicalModel(
        LocalDate.parse(snapshotDate),
        frame(spark, users, SfObject.USER),
        frame(spark, opportunities, SfObject.OPPORTUNITY),
        frame(spark, history, SfObject.OPPORTUNITY_HISTORY),
        frame(spark, fieldHistory, SfObject.OPPORTUNITY_FIELD_HISTORY),
        frame(spark, tasks, SfObject.TASK),
        frame(spark, events, SfObject.EVENT),
        hasEventRelations
            ? java.util.Optional.of(frame(spark, eventRelations, SfObject.EVENT_RELATION))
            : java.util.Optional.empty(),
        frame(spark, userHistory, SfObject.USER_HISTORY),
        spark.createDataFrame(List.of(), io.swoop.model.OutputTables.REJECTED_ROWS_SCHEMA),
        Map.of());
  }

  static Dataset<Row> frame(SparkSession spark, List<Row> rows, SfObject object) {
    return spark.createDataFrame(rows, Canonical.schema(object));
  }

  /** A row of {@code schema} with the given values by column name, every other column null. */
  private static Row row(StructType schema, Map<String, Object> values, Object... more) {
    java.util.HashMap<String, Object> all = new java.util.HashMap<>(values);
    for (int i = 0; i < more.length; i += 2) {
      all.put((String) more[i], more[i + 1]);
    }
    StructField[] fields = schema.fields();
    Object[] out = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      out[i] = all.get(fields[i].name());
    }
    for (String k : all.keySet()) {
      if (schema.getFieldIndex(k).isEmpty()) {
        throw new IllegalArgumentException("no column " + k + " in " + schema.simpleString());
      }
    }
    return RowFactory.create(out);
  }

  /** Asserts {@code actual} holds exactly {@code expected}, in any order. */
  static void assertRows(List<Row> expected, Dataset<Row> actual) {
    assertEquals(sorted(expected), sorted(actual.collectAsList()));
  }

  static String sorted(List<Row> rows) {
    return rows.stream().map(Row::toString).sorted().collect(Collectors.joining("\n"));
  }
}
