package io.swoop.sink;

import static io.swoop.model.ColumnNames.ENTITY_ID;
import static io.swoop.model.ColumnNames.FROM_OWNER_ID;
import static io.swoop.model.ColumnNames.MANAGER_ID;
import static io.swoop.model.ColumnNames.MANAGER_NAME;
import static io.swoop.model.ColumnNames.OBJECT;
import static io.swoop.model.ColumnNames.RAW;
import static io.swoop.model.ColumnNames.REASON;
import static io.swoop.model.ColumnNames.RECORD_ID;
import static io.swoop.model.ColumnNames.REP_ID;
import static io.swoop.model.ColumnNames.TO_OWNER_ID;
import static io.swoop.model.ColumnNames.USER_ID;
import static io.swoop.model.ColumnNames.USER_NAME;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.when;

import io.swoop.config.SwoopConfig;
import io.swoop.core.SwoopException;
import io.swoop.model.Ids;
import io.swoop.model.OutputTables;
import io.swoop.model.SfObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Applies {@code privacy.pseudonymize} to an output table just before it is written. Off by
 * default, when it returns every table unchanged.
 *
 * <p>On, every user Id becomes {@link #token}: {@code u_} and the first 16 hex digits of
 * HMAC-SHA256(key, the 18-character Id), with the key from the environment variable {@value
 * SwoopConfig#PSEUDONYMIZE_KEY_ENV}. The same key gives the same token in every table and every
 * run, so joins and trends still work; without the key a token cannot be traced back to an Id
 * (Salesforce Ids are guessable, so the key is what protects them: keep it secret, and keep it
 * fixed, or every token changes). Names are nulled, and so is {@code rejected_rows.raw}; the
 * offending value quoted in a {@code rejected_rows.reason} is masked. Schemas stay exactly as in
 * {@link OutputTables}.
 *
 * <p>The key never leaves this class: it is not in the manifest, the logs, the Spark plan or the UI
 * (it travels to executors inside the function, never as a literal).
 */
public final class Pseudonymizer {
  /** Shortest key accepted, in characters. */
  public static final int MIN_KEY_LENGTH = 16;

  private static final String MASK = "'***'";

  private final UserDefinedFunction pseudonym;

  private Pseudonymizer(UserDefinedFunction pseudonym) {
    this.pseudonym = pseudonym;
  }

  /**
   * The pseudonymizer {@code config} asks for, its key from {@code env}.
   *
   * @throws SwoopException exit 2, naming the variable, when pseudonymizing is on and the key is
   *     missing or shorter than {@value #MIN_KEY_LENGTH} characters
   */
  public static Pseudonymizer from(SwoopConfig config, Map<String, String> env) {
    if (!config.pseudonymize()) {
      return new Pseudonymizer(null);
    }
    String key = env.get(SwoopConfig.PSEUDONYMIZE_KEY_ENV);
    if (key == null || key.isBlank()) {
      throw SwoopException.badInput(
          "%s = true needs the key in the environment variable %s, which is not set",
          SwoopConfig.PSEUDONYMIZE, SwoopConfig.PSEUDONYMIZE_KEY_ENV);
    }
    if (key.length() < MIN_KEY_LENGTH) {
      throw SwoopException.badInput(
          "The environment variable %s holds %d characters; use at least %d (a random key,"
              + " e.g. openssl rand -hex 32)",
          SwoopConfig.PSEUDONYMIZE_KEY_ENV, key.length(), MIN_KEY_LENGTH);
    }
    UserDefinedFunction udf =
        functions
            .udf(new Hmac(key.getBytes(StandardCharsets.UTF_8)), DataTypes.StringType)
            .withName("pseudonym");
    return new Pseudonymizer(udf);
  }

  /** {@code data}, an output table called {@code table}, with user Ids and names protected. */
  public Dataset<Row> apply(String table, Dataset<Row> data) {
    if (pseudonym == null) {
      return data;
    }
    return switch (table) {
      case OutputTables.REP_TENURE ->
          data.withColumn(USER_ID, id(USER_ID))
              .withColumn(USER_NAME, nothing())
              .withColumn(MANAGER_ID, id(MANAGER_ID));
      case OutputTables.DEAL_TAKEOVERS ->
          data.withColumn(FROM_OWNER_ID, id(FROM_OWNER_ID))
              .withColumn(TO_OWNER_ID, id(TO_OWNER_ID));
      // entity_id is a user Id for the rep and manager levels and null for the org.
      case OutputTables.WIN_RATES, OutputTables.WIN_RATE_TRENDS ->
          data.withColumn(ENTITY_ID, id(ENTITY_ID));
      case OutputTables.COACHING ->
          data.withColumn(MANAGER_ID, id(MANAGER_ID)).withColumn(REP_ID, id(REP_ID));
      // entity_id is the manager who took the deals over, null for the org.
      case OutputTables.TAKEOVER_EFFECT, OutputTables.TAKEOVER_EFFECT_BALANCE ->
          data.withColumn(ENTITY_ID, id(ENTITY_ID));
      // entity_id is the manager, null for the org.
      case OutputTables.REP_SURVIVAL -> data.withColumn(ENTITY_ID, id(ENTITY_ID));
      case OutputTables.MANAGER_SCORECARD ->
          data.withColumn(MANAGER_ID, id(MANAGER_ID)).withColumn(MANAGER_NAME, nothing());
      case OutputTables.REJECTED_ROWS ->
          data.withColumn(
                  RECORD_ID,
                  when(col(OBJECT).equalTo(SfObject.USER.apiName()), id(RECORD_ID))
                      .otherwise(col(RECORD_ID)))
              .withColumn(REASON, regexp_replace(col(REASON), "^(\\S+) '.*' ", "$1 " + MASK + " "))
              .withColumn(RAW, nothing());
      default -> throw new IllegalArgumentException("Not an output table: " + table);
    };
  }

  private Column id(String column) {
    return pseudonym.apply(col(column));
  }

  private static Column nothing() {
    return lit(null).cast(DataTypes.StringType);
  }

  /**
   * The token of {@code id} under {@code key}: {@code u_} and the first 16 hex digits of
   * HMAC-SHA256(key, id), after turning a 15-character Id into its 18-character form so both
   * spellings of one user get one token. Null stays null.
   */
  public static String token(byte[] key, String id) {
    if (id == null) {
      return null;
    }
    String normal = Ids.to18(id);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] h = mac.doFinal((normal != null ? normal : id).getBytes(StandardCharsets.UTF_8));
      return "u_" + HexFormat.of().formatHex(h, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** Runs on executors; holds the key, and never prints it. */
  private static final class Hmac implements UDF1<String, String> {
    private final byte[] key;

    Hmac(byte[] key) {
      this.key = key;
    }

    @Override
    public String call(String id) {
      return token(key, id);
    }

    @Override
    public String toString() {
      return "pseudonym";
    }
  }
}
