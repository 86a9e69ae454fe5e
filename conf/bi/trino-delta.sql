-- swoop's output tables in Trino when swoop writes Delta Lake (output.format = delta), through
-- the Delta Lake connector (catalog "delta" below: rename it to yours; it needs
-- delta.register-table-procedure.enabled=true). Each table is registered once; its schema and
-- partitions come from the Delta log, so nothing needs syncing after a run. Replace ${OUTPUT} by
-- swoop's --output folder as Trino names it (s3://bucket/swoop, hdfs://..., file:///...):
--
--   sed 's#${OUTPUT}#s3://bucket/swoop#g' conf/bi/trino-delta.sql > /tmp/swoop-trino-delta.sql
--   trino --server https://trino:8443 --file /tmp/swoop-trino-delta.sql
--
-- A date's rows as one run published them: FOR VERSION AS OF the versions in
-- OUTPUT/_runs/snapshot_date=D.json ("delta_versions"). Column meanings: CONTRACT.md section 3.

CREATE SCHEMA IF NOT EXISTS delta.swoop;

CALL delta.system.register_table(schema_name => 'swoop', table_name => 'rejected_rows', table_location => '${OUTPUT}/rejected_rows');

CALL delta.system.register_table(schema_name => 'swoop', table_name => 'rep_tenure', table_location => '${OUTPUT}/rep_tenure');

CALL delta.system.register_table(schema_name => 'swoop', table_name => 'deal_takeovers', table_location => '${OUTPUT}/deal_takeovers');

CALL delta.system.register_table(schema_name => 'swoop', table_name => 'win_rates', table_location => '${OUTPUT}/win_rates');

CALL delta.system.register_table(schema_name => 'swoop', table_name => 'win_rate_trends', table_location => '${OUTPUT}/win_rate_trends');

CALL delta.system.register_table(schema_name => 'swoop', table_name => 'coaching', table_location => '${OUTPUT}/coaching');

CALL delta.system.register_table(schema_name => 'swoop', table_name => 'takeover_effect', table_location => '${OUTPUT}/takeover_effect');
CALL delta.system.register_table(schema_name => 'swoop', table_name => 'takeover_effect_balance', table_location => '${OUTPUT}/takeover_effect_balance');
CALL delta.system.register_table(schema_name => 'swoop', table_name => 'rep_survival', table_location => '${OUTPUT}/rep_survival');

CALL delta.system.register_table(schema_name => 'swoop', table_name => 'manager_scorecard', table_location => '${OUTPUT}/manager_scorecard');
