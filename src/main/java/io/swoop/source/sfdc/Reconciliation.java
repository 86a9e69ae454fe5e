package io.swoop.source.sfdc;

import com.sforce.soap.partner.QueryResult;
import com.sforce.soap.partner.sobject.SObject;
import com.sforce.ws.bind.XmlObject;
import io.swoop.model.SfObject;
import io.swoop.model.Values;
import java.time.Instant;
import java.util.Iterator;

/**
 * What Salesforce holds of one object right after its pull, to check the mirror against: the live
 * rows ({@code SELECT COUNT()} through {@code queryAll} with {@code IsDeleted = false}, so archived
 * activities count as the mirror holds them and deleted rows do not), and for history objects the
 * CreatedDate of the oldest live row, which shows where Salesforce's retention has cut. A full pull
 * routed by {@code sfdc.bulk = auto} counts the live rows right before it, and that count serves
 * here too (a Bulk job's rows are as of its creation, right after it).
 */
final class Reconciliation {
  /**
   * Salesforce's numbers; {@code liveRows} is -1 when the count could not be had ({@code failure}
   * says why), {@code oldest} null when the object has no live row or is not history.
   */
  record Count(long liveRows, Instant oldest, long calls, String failure) {}

  private Reconciliation() {}

  static boolean isHistory(SfObject o) {
    return o == SfObject.OPPORTUNITY_HISTORY
        || o == SfObject.OPPORTUNITY_FIELD_HISTORY
        || o == SfObject.USER_HISTORY;
  }

  /**
   * Whether a record of {@code o} that Salesforce no longer has leaves the mirror even without a
   * deleted row (a hard delete, or a purge of the recycle bin): not for history (CONTRACT §4: the
   * mirror is its only copy once Salesforce's retention cut it), nor for User (users are
   * deactivated, never deleted).
   */
  static boolean dropsHardDeletes(SfObject o) {
    return o == SfObject.OPPORTUNITY
        || o == SfObject.TASK
        || o == SfObject.EVENT
        || o == SfObject.EVENT_RELATION;
  }

  /**
   * Asks Salesforce for {@code o}'s live rows (and oldest history row): one or two calls, one less
   * when the pull already counted the live rows to choose its API ({@code counted}, else -1).
   */
  static Count of(SfdcClient client, SfObject o, long counted) {
    SfdcClient.ObjectConnection conn = client.open(o.apiName());
    try {
      long live = counted >= 0 ? counted : conn.optional(Soql.liveCount(o)).getSize();
      Instant oldest = null;
      if (isHistory(o) && live > 0) {
        QueryResult qr = conn.optional(Soql.oldestCreated(o));
        SObject[] records = qr.getRecords();
        if (records != null && records.length > 0) {
          oldest = createdDate(records[0]);
        }
      }
      return new Count(live, oldest, conn.calls(), null);
    } catch (SfdcClient.PullFault f) {
      // A count that times out on a huge object must not cost the pull that already succeeded.
      return new Count(-1, null, conn.calls(), f.getMessage());
    }
  }

  /** The count a full pull's routing already failed to get ({@code why}): not asked again. */
  static Count notCounted(String why) {
    return new Count(-1, null, 0, why);
  }

  private static Instant createdDate(SObject record) {
    Iterator<XmlObject> it = record.getChildren();
    while (it.hasNext()) {
      XmlObject x = it.next();
      if (x.getName().getLocalPart().equalsIgnoreCase("CreatedDate") && x.getValue() != null) {
        String text =
            SoapText.of(
                x.getValue(), x.getXmlType() == null ? null : x.getXmlType().getLocalPart());
        try {
          return Values.instant(text.strip());
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
    }
    return null;
  }
}
