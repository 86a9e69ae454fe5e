package io.swoop.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** Issue 19: one log line says which optional inputs are absent and what is not measured. */
class UnmeasuredTest {
  @Test
  void everyInputPresentSaysNothing() {
    assertNull(ModelBuilder.unmeasured(EnumSet.noneOf(SfObject.class)));
  }

  @Test
  void withoutTaskAndEventActivityShareIsNullAndCoachingEmpty() {
    assertEquals(
        "Optional inputs absent: Task, Event. Not measured: manager_scorecard.activity_share is"
            + " null (no activities); coaching has no rows and coaching_hours_per_rep_week is null"
            + " (one-to-ones need Event and EventRelation)",
        ModelBuilder.unmeasured(EnumSet.of(SfObject.TASK, SfObject.EVENT)));
  }

  @Test
  void withoutEventButWithEventRelationCoachingIsStillNotMeasured() {
    assertEquals(
        "Optional inputs absent: Event. Not measured: activity_share counts Tasks only; coaching"
            + " has no rows and coaching_hours_per_rep_week is null (one-to-ones need Event and"
            + " EventRelation)",
        ModelBuilder.unmeasured(EnumSet.of(SfObject.EVENT)));
  }

  @Test
  void withoutUserHistoryTodaysChainIsUsed() {
    assertEquals(
        "Optional inputs absent: UserHistory. Not measured: every moment uses today's management"
            + " chain (no UserHistory)",
        ModelBuilder.unmeasured(EnumSet.of(SfObject.USER_HISTORY)));
  }
}
