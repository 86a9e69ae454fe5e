"""The test shim of duckdb reads what DuckDB computes, and raises what DuckDB raises.

    PYTHONPATH=src/test/python/duckdb_shim /usr/bin/python3 -m unittest discover -s src/test/python/duckdb_shim

Every value is checked against DuckDB's own text of it (a cast to VARCHAR in the same query), over
enough rows to span several data chunks, NULLs included.
"""

import datetime
import decimal
import unittest

import duckdb
import numpy as np
import pandas as pd

ROWS = 5000  # data chunks hold 2048 rows: three chunks, the last one partial

# A DuckDB expression over i (0..ROWS-1) per type; every 7th value is NULL.
EXPRESSIONS = {
    "TINYINT": "(i % 200 - 100)::TINYINT",
    "SMALLINT": "(i * 7 - 20000)::SMALLINT",
    "INTEGER": "(i * 100003 - 200000000)::INTEGER",
    "BIGINT": "(i * 1000000007 - 9000000000000)::BIGINT",
    "UTINYINT": "(i % 250)::UTINYINT",
    "USMALLINT": "(i * 13)::USMALLINT",
    "UINTEGER": "(i * 800000)::UINTEGER",
    "UBIGINT": "i::UBIGINT * 3000000000000000",
    "HUGEINT": "(i::HUGEINT - 2500) * 100000000000000000000000",
    "UHUGEINT": "(i::UHUGEINT) * 100000000000000000000000000",
    "FLOAT": "(i / 8 - 300)::FLOAT",
    "DOUBLE": "i / 7 - 300.5",
    "DECIMAL(4,1)": "((i % 1000) / 10 - 50)::DECIMAL(4,1)",
    "DECIMAL(9,3)": "(i / 1000 - 2.5)::DECIMAL(9,3)",
    "DECIMAL(18,2)": "(i * 1234567.89 - 9000000)::DECIMAL(18,2)",
    "DECIMAL(38,4)": "((i::HUGEINT - 2500) * 123456789012345678901234)::DECIMAL(38,4) / 7",
    "BOOLEAN": "i % 3 = 0",
    "VARCHAR": "repeat('ab', i % 11) || 'é' || i",
    "DATE": "DATE '1960-01-01' + (i * 10)::INTEGER",
    "TIMESTAMP": "TIMESTAMP '1965-03-04 05:06:07.123456' + i * INTERVAL 987654321 MICROSECOND",
    "TIMESTAMPTZ": "TIMESTAMPTZ '2026-09-30 12:34:56.5+02' + i * INTERVAL 76543 SECOND",
}


def _query():
    columns = []
    for name, expr in EXPRESSIONS.items():
        value = f"CASE WHEN i % 7 = 3 THEN NULL ELSE {expr} END"
        columns.append(f'{value} AS "{name}", ({value})::VARCHAR AS "{name} text"')
    return f"SELECT {', '.join(columns)} FROM range({ROWS}) t(i) ORDER BY i"


def _text(name, v):
    """DuckDB's text of a value, from the Python value the shim gave."""
    if name == "BOOLEAN":
        return "true" if v else "false"
    if name in ("FLOAT", "DOUBLE"):
        return repr(float(v)) if v != int(v) else f"{int(v)}.0"
    if name.startswith("TIMESTAMP"):
        utc = v.astimezone(datetime.timezone.utc) if v.tzinfo else v
        fraction = f".{utc.microsecond:06d}".rstrip("0") if utc.microsecond else ""
        return utc.strftime("%Y-%m-%d %H:%M:%S") + fraction + ("+00" if v.tzinfo else "")
    return str(v)


class ValuesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.con = duckdb.connect()
        cls.con.sql("SET TimeZone = 'UTC'")
        cls.rel = cls.con.sql(_query())

    def test_every_value_equals_duckdbs_text_of_it(self):
        rows = self.rel.fetchall()
        self.assertEqual(ROWS, len(rows))
        names = list(EXPRESSIONS)
        checked = 0
        for i, row in enumerate(rows):
            for k, name in enumerate(names):
                value, text = row[2 * k], row[2 * k + 1]
                if i % 7 == 3:
                    self.assertIsNone(value, f"{name} row {i}")
                    self.assertIsNone(text, f"{name} row {i}")
                    continue
                if name in ("FLOAT", "DOUBLE"):
                    self.assertEqual(float(text), value, f"{name} row {i}")
                else:
                    self.assertEqual(text, _text(name, value), f"{name} row {i}")
                checked += 1
        self.assertEqual(len(names) * (ROWS - (ROWS + 3) // 7), checked)

    def test_python_types(self):
        row = self.con.sql(
            "SELECT 1, 2.5::DOUBLE, 1.25::DECIMAL(5,2), true, 'x', DATE '2026-09-30', "
            "TIMESTAMP '2026-09-30 01:02:03', TIMESTAMPTZ '2026-09-30 01:02:03+00', NULL"
        ).fetchone()
        self.assertEqual(
            [int, float, decimal.Decimal, bool, str, datetime.date, datetime.datetime,
             datetime.datetime, type(None)],
            [type(v) for v in row],
        )
        self.assertEqual(datetime.timedelta(0), row[7].utcoffset())

    def test_frame_dtypes_are_those_of_duckdb(self):
        df = self.rel.df()
        self.assertEqual(ROWS, len(df))
        dtypes = {name: str(df[name].dtype) for name in EXPRESSIONS}
        for name in EXPRESSIONS:
            if name in ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT",
                        "UINTEGER", "UBIGINT", "DOUBLE", "HUGEINT", "UHUGEINT") or name.startswith(
                            "DECIMAL"):
                self.assertEqual("float64", dtypes[name], name)  # NULLs: integers become floats
        self.assertEqual("float32", dtypes["FLOAT"])
        self.assertEqual("object", dtypes["BOOLEAN"])
        self.assertEqual("object", dtypes["VARCHAR"])
        self.assertEqual("datetime64[ns]", dtypes["DATE"])
        self.assertEqual("datetime64[ns]", dtypes["TIMESTAMP"])
        self.assertTrue(dtypes["TIMESTAMPTZ"].startswith("datetime64[ns, "), dtypes["TIMESTAMPTZ"])
        self.assertTrue(df["BIGINT"].isna().iloc[3])
        self.assertEqual(float(4 * 1000000007 - 9000000000000), df["BIGINT"].iloc[4])
        self.assertEqual(pd.Timestamp("1960-01-11"), df["DATE"].iloc[1])
        self.assertEqual(pd.Timestamp("2026-09-30 10:34:56.5", tz="UTC"), df["TIMESTAMPTZ"].iloc[0])
        self.assertIs(df["VARCHAR"].iloc[3], None)

    def test_columns_without_null_keep_their_width(self):
        df = self.con.sql(
            "SELECT 1::TINYINT a, 2 b, 3::BIGINT c, 4::UINTEGER d, true e, count(*) n FROM range(3)"
        ).df()
        self.assertEqual(
            [np.dtype("int8"), np.dtype("int32"), np.dtype("int64"), np.dtype("uint32"),
             np.dtype("bool"), np.dtype("int64")],
            list(df.dtypes),
        )

    def test_timestamptz_is_shown_in_the_sessions_time_zone(self):
        con = duckdb.connect()
        con.sql("SET TimeZone = 'America/New_York'")
        df = con.sql("SELECT TIMESTAMPTZ '2026-09-30 12:00:00+00' t").df()
        self.assertEqual("America/New_York", str(df["t"].dt.tz))
        self.assertEqual(pd.Timestamp("2026-09-30 08:00", tz="America/New_York"), df["t"].iloc[0])
        con.close()


class StatementsTest(unittest.TestCase):
    def test_parameters_and_variables(self):
        con = duckdb.connect()
        con.execute("SET VARIABLE output = ?", ["/tmp/it's"])
        con.execute("SET VARIABLE snapshot = CAST(? AS DATE)", ["2026-09-30"])
        self.assertEqual(
            ("/tmp/it's", datetime.date(2026, 9, 30)),
            con.sql("SELECT getvariable('output'), getvariable('snapshot')").fetchone(),
        )
        self.assertEqual([(42, None, 1.5, True)],
                         con.execute("SELECT ? + 1, ?, ?, ?", [41, None, 1.5, True]).fetchall())
        con.close()

    def test_a_select_runs_each_time_it_is_fetched(self):
        con = duckdb.connect()
        con.sql("CREATE TABLE t AS SELECT 1 AS x")
        rel = con.sql("SELECT count(*) FROM t")
        con.sql("INSERT INTO t VALUES (2)")
        self.assertEqual((2,), rel.fetchone())
        con.close()

    def test_statements_run_in_order_and_the_last_gives_the_rows(self):
        con = duckdb.connect()
        self.assertEqual([(3,)], con.sql("CREATE TABLE t AS SELECT 1 x; SELECT x + 2 FROM t").fetchall())
        self.assertIsNone(con.sql("SET TimeZone = 'UTC'"))
        self.assertEqual(["t"], list(con.sql("SHOW TABLES").df()["name"]))
        con.close()

    def test_the_module_functions_share_one_connection(self):
        duckdb.execute("SET VARIABLE shared = 7")
        self.assertEqual((7,), duckdb.sql("SELECT getvariable('shared')").fetchone())

    def test_duckdbs_errors_are_raised(self):
        con = duckdb.connect()
        cases = {
            "SELEC 1": duckdb.ParserException,
            "SELECT nope": duckdb.BinderException,
            "SELECT * FROM nope": duckdb.CatalogException,
            "SELECT * FROM read_parquet('/nonexistent/*.parquet')": duckdb.IOException,
            "SELECT 'a'::INT": duckdb.ConversionException,
            "SELECT 1; SELECT 2 +": duckdb.ParserException,
        }
        for sql, kind in cases.items():
            with self.assertRaises(kind, msg=sql) as raised:
                con.sql(sql).fetchall()
            self.assertIsInstance(raised.exception, duckdb.Error)
        with self.assertRaisesRegex(duckdb.Error, "Conversion Error"):
            con.execute("SELECT CAST(? AS DATE)", ["30/09/2026"])
        con.close()

    def test_a_type_it_cannot_read_is_named(self):
        with self.assertRaisesRegex(NotImplementedError, "'l' is LIST"):
            duckdb.sql("SELECT [1, 2] AS l").fetchall()


if __name__ == "__main__":
    unittest.main()
