/**
 * The Salesforce source: {@link io.swoop.source.sfdc.Salesforce} is its only entry point.
 *
 * <h2>Flow</h2>
 *
 * <ol>
 *   <li>{@code Credentials} picks the authentication from the environment (CONTRACT §1): an access
 *       token ({@code SFDC_INSTANCE_URL} + {@code SFDC_ACCESS_TOKEN}, no login call, not
 *       renewable), else the JWT bearer flow ({@code JwtBearer}), else the SOAP {@code login()} at
 *       API 64.0 ({@code PasswordLogin}); data calls then go to API 65.0 (the SOAP login path keeps
 *       the server URL, and so the version, that login returned).
 *   <li>{@code Extractor} plans each object from the current mirror's state: incremental ({@code
 *       SystemModstamp >= watermark - sfdc.lookback_minutes}) when the object was pulled before
 *       with the same field list, else full. User is pulled first: its earliest CreatedDate bounds
 *       the windows of a full pull. The other objects follow, {@code sfdc.parallelism} at a time.
 *   <li>{@code ObjectPuller} sends {@code SELECT <fields> FROM <Object> WHERE <window> ORDER BY
 *       <modstamp>, Id} through {@code queryAll} (deleted and archived rows included) and pages
 *       with {@code queryMore}: one query per object, or, on a full pull of an object whose mirror
 *       held enough rows that windows of {@code sfdc.window_days} cost under 5 % more calls, one
 *       per window; a query that answers QUERY_TIMEOUT is halved; a cursor that answers
 *       INVALID_QUERY_LOCATOR is replaced by a query that starts after the last row kept, by
 *       (modstamp, Id). A field the query names but the integration user cannot see (the org lacks
 *       it, or field-level security hides it: INVALID_FIELD either way) is dropped and reads as
 *       null when optional (CurrencyIsoCode without multi-currency, Task.DurationInMinutes), stops
 *       the extract (exit 3, naming the permission) when required; a configured User field it lacks
 *       is exit 2; an optional object it lacks (Task, Event, EventRelation, UserHistory:
 *       INVALID_TYPE) reads as absent.
 *   <li>With {@code sfdc.bulk} ({@code auto}: when the pull's {@code SELECT COUNT()} is above
 *       {@code sfdc.bulk_min_rows}: the live rows on a full pull, the window on an incremental one)
 *       {@code ObjectPuller} sends the same window, without ORDER BY, as one Bulk API 2.0 {@code
 *       queryAll} job instead ({@code BulkQuery}: plain HTTP with the session, poll with backoff,
 *       CSV results by {@code Sforce-Locator}, gzip) and streams the rows ({@code BulkCsv}, {@code
 *       SoapText.ofCsv}: the SOAP path's text) into the same sink, merged as a SOAP pull is (the
 *       merge relies on no order). A failed job is run again as two jobs of half the window; a half
 *       that fails stops the extract. A field the job cannot see is treated as on the SOAP path (a
 *       required one is exit 3). An object Bulk does not serve is pulled through SOAP. A {@code
 *       SELECT COUNT()} that Salesforce refuses or times out on does not stop the pull: a full pull
 *       is routed by the rows the mirror held of the object, else a timed-out count goes to Bulk
 *       and a refused one to SOAP; one warning names the object and Salesforce's reason.
 *   <li>{@code Reconciliation} then counts the object's live rows in Salesforce (unless the full
 *       pull's routing count already did), and the oldest history row, to check the merged mirror
 *       against.
 *   <li>{@code SfdcClient} makes every call: bounded retries with exponential backoff and jitter
 *       ({@code SfdcRetry}, resilience4j-retry: the one policy of every Salesforce call, the Bulk
 *       API's, the token endpoint's and SOAP login's too) for transport failures, HTTP 5xx, HTML
 *       pages, SERVER_UNAVAILABLE and the concurrent-request limit; session renewal (force-wsc's
 *       {@code SessionRenewer}, one renewal shared by all objects); a stop (exit 3) for the org's
 *       total request limit or when the LimitInfoHeader shows usage above {@code
 *       sfdc.max_api_share}.
 *   <li>The first object whose pull fails, in time, is the failure reported (exit 3 for any failure
 *       of Salesforce, naming the object and Salesforce's reason); the pulls it stops are not.
 *   <li>{@code RawMirror} merges the pulled rows into a new version (newest modstamp wins, deleted
 *       rows removed; history rows Salesforce no longer returns are kept, other objects follow a
 *       full pull) and commits it; {@code MirrorSource} reads the committed version.
 * </ol>
 *
 * <h2>Values</h2>
 *
 * Every value is kept as the text a Salesforce CSV export holds ({@code SoapText}): values that
 * arrive untyped are kept as sent; typed ones are written back as {@code
 * yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} (UTC), {@code yyyy-MM-dd}, {@code true}/{@code false}, numbers in
 * plain notation ({@code 5000.0}, never {@code 5.0E3}). So the model builder parses the mirror
 * exactly as it parses exports.
 *
 * <h2>Modstamp</h2>
 *
 * OpportunityFieldHistory and UserHistory have no SystemModstamp in Salesforce; their CreatedDate
 * orders and bounds its pulls. History rows never change, but a deleted one is seen only while it
 * is in the recycle bin of a window being asked, so an occasional {@code --full} is the way to drop
 * history deleted (and still in the recycle bin) long ago. History purged by Salesforce's retention
 * is never reported deleted and stays. A record of another object hard-deleted between extracts (or
 * purged from the recycle bin before a pull saw it deleted) never comes back as a deleted row: when
 * the mirror then holds more live rows of Opportunity, Task, Event or EventRelation than Salesforce
 * counts, the extract asks for the object's Ids (Bulk API 2.0 above {@code sfdc.bulk_min_rows},
 * else SOAP) and drops the rows Salesforce no longer has ({@code rows_hard_deleted}, part of {@code
 * rows_removed}). User is never deleted in Salesforce, only deactivated.
 *
 * <h2>Operator's view</h2>
 *
 * One line per object on stderr, e.g. {@code swoop sfdc: Task 12,345 of 12,345 rows (incremental)
 * in 7 pages, 2 queries, 3,210 rows/s, 8 API calls (7 for data, at least 7 needed)} ({@code N Bulk
 * API jobs} for a Bulk pull); the summary of {@link io.swoop.source.sfdc.Salesforce#extract} (also
 * the Source's {@code describe()}) records the API calls, the org's API usage, and per object the
 * rows, queries or jobs, pages, calls, watermark and reconciliation, and the warnings.
 */
package io.swoop.source.sfdc;
