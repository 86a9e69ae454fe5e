package io.swoop.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A folder of CSV exports written inline: every required object starts as a header with the
 * contract's required columns and one row of its own (a required export must not be empty), whose
 * Ids start with {@code 0000}; a test replaces what it is about.
 */
public final class ExportFixture {
  public static final String USER = "Id,Name,ManagerId,IsActive,CreatedDate";
  public static final String OPPORTUNITY =
      "Id,OwnerId,StageName,Amount,Probability,CloseDate,IsClosed,IsWon,CreatedDate";
  public static final String OPPORTUNITY_HISTORY =
      "Id,OpportunityId,StageName,Probability,Amount,CloseDate,CreatedDate";
  public static final String OPPORTUNITY_FIELD_HISTORY =
      "Id,OpportunityId,Field,OldValue,NewValue,CreatedDate";
  public static final String ACTIVITY = "Id,WhatId,OwnerId,ActivityDate,CreatedDate";

  private final Path dir;
  private final Map<String, String> files = new LinkedHashMap<>();

  public ExportFixture(Path dir) {
    this.dir = dir;
    file("User.csv", USER, "00000000000USER,Fixture User,,true,2020-01-01T00:00:00Z");
    file(
        "Opportunity.csv",
        OPPORTUNITY,
        "00000000000OPPY,00000000000USER,Prospecting,1,10,2020-01-01,false,false,2020-01-01T00:00:00Z");
    file(
        "OpportunityHistory.csv",
        OPPORTUNITY_HISTORY,
        "00000000000HIST,00000000000OPPY,Prospecting,10,1,2020-01-01,2020-01-01T00:00:00Z");
    file(
        "OpportunityFieldHistory.csv",
        OPPORTUNITY_FIELD_HISTORY,
        "00000000000FHST,00000000000OPPY,Amount,1,2,2020-01-01T00:00:00Z");
  }

  /** Sets a file's whole content (lines joined with \n, a final newline added). */
  public ExportFixture file(String name, String... lines) {
    files.put(name, String.join("\n", lines) + "\n");
    return this;
  }

  public ExportFixture without(String name) {
    files.remove(name);
    return this;
  }

  /** Writes the files and returns the folder. */
  public Path write() {
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, String> f : files.entrySet()) {
        Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }
}
