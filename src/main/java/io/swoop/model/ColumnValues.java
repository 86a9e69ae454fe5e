package io.swoop.model;

/** The fixed values that output columns hold (CONTRACT §3) and that the signals compare with. */
public final class ColumnValues {
  public static final String OUTCOME_WON = "won";
  public static final String OUTCOME_LOST = "lost";
  public static final String OUTCOME_OPEN = "open";
  public static final String LEVEL_REP = "rep";
  public static final String LEVEL_MANAGER = "manager";
  public static final String LEVEL_ORG = "org";
  public static final String IMPROVING = "improving";
  public static final String DECLINING = "declining";
  public static final String FLAT = "flat";

  /** EventRelation.Status of an invitee who declined (compared trimmed, any case). */
  public static final String DECLINED = "declined";

  /** The covariates of {@code takeover_effect_balance.covariate}, in the contract's order. */
  public static final String COVARIATE_AMOUNT = "amount";

  public static final String COVARIATE_STAGE_DAYS = "stage_days";
  public static final String COVARIATE_PUSHES = "pushes";
  public static final String COVARIATE_AGE_DAYS = "age_days";

  private ColumnValues() {}
}
