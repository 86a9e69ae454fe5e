"""The part of DuckDB's Python API that swoop's notebooks use, over DuckDB's own C library.

Test code only: analysts `pip install duckdb`. Where PyPI cannot be reached (this project's CI),
the notebooks still have to run on the real engine, and DuckDB's JDBC driver, a Maven test
dependency, carries the native DuckDB library, which exports DuckDB's C API. This module loads
that library with ctypes; every query runs in the real DuckDB engine, and an error of DuckDB is
raised as `duckdb.Error` (a subclass named after DuckDB's error kind when the message names one).

The library: SWOOP_DUCKDB_JDBC_JAR names the driver's jar (NotebooksIT sets it from its own
classpath); without it, the newest duckdb_jdbc jar in ~/.m2 is used. The native library is
extracted from the jar once, into a cache folder under the system's temporary folder.

What is implemented, with the semantics of the `duckdb` package:
- `duckdb.connect(database=":memory:")`, `duckdb.default_connection()`;
- `duckdb.sql(query, params=None)` and `Connection.sql`: every statement but the last runs at
  once; the last, a SELECT, becomes a relation that runs each time it is fetched; any other
  statement runs at once and gives a relation over its rows when it returns rows, else None;
- `duckdb.execute(query, parameters=None)` and `Connection.execute`: runs at once (parameters
  bound to `?`), returns the connection, whose `fetchone`, `fetchall` and `df` read the result;
- `Relation.df()` / `fetchdf()`: a pandas DataFrame with the dtypes `duckdb` gives with pandas
  1.5, Debian's (integers with their width, int8 ... uint64, or float64 with NaN when a value is
  NULL; FLOAT as float32; DOUBLE, DECIMAL and HUGEINT as float64; DATE and TIMESTAMP as
  datetime64[ns]; TIMESTAMP WITH TIME ZONE as datetime64[ns, the session's TimeZone]; VARCHAR as
  str or None; BOOLEAN as bool, or object with None when a value is NULL);
- `Relation.fetchone()` / `fetchall()`: tuples of Python values (int, float, Decimal, bool, str,
  datetime.date, datetime.datetime, None), `Relation.columns`, `Relation.types`.
A column of another type (LIST, STRUCT, INTERVAL, ...) raises NotImplementedError naming it.
"""

import ctypes
import datetime
import decimal
import glob
import hashlib
import os
import tempfile
import zipfile
import zoneinfo

__all__ = [
    "Error",
    "connect",
    "default_connection",
    "execute",
    "sql",
]


class Error(Exception):
    """An error raised by DuckDB; the message is DuckDB's."""


class ParserException(Error):
    pass


class BinderException(Error):
    pass


class CatalogException(Error):
    pass


class IOException(Error):
    pass


class ConversionException(Error):
    pass


class InvalidInputException(Error):
    pass


# DuckDB prefixes its messages with the kind of error ("Binder Error: ...").
_KINDS = {
    "Parser Error": ParserException,
    "Binder Error": BinderException,
    "Catalog Error": CatalogException,
    "IO Error": IOException,
    "Conversion Error": ConversionException,
    "Invalid Input Error": InvalidInputException,
}


def _error(message):
    kind = message.split(":", 1)[0]
    return _KINDS.get(kind, Error)(message)


# ---------------------------------------------------------------------------------------------
# The native library

_NATIVE = "libduckdb_java.so_linux_amd64"


def _jar():
    jar = os.environ.get("SWOOP_DUCKDB_JDBC_JAR")
    if jar:
        if not os.path.isfile(jar):
            raise ImportError(f"SWOOP_DUCKDB_JDBC_JAR={jar}: no such file")
        return jar
    pattern = os.path.expanduser("~/.m2/repository/org/duckdb/duckdb_jdbc/*/duckdb_jdbc-*.jar")
    jars = sorted(glob.glob(pattern), key=_version_key)
    if not jars:
        raise ImportError(
            "DuckDB's native library not found: set SWOOP_DUCKDB_JDBC_JAR to the duckdb_jdbc jar "
            f"(none matches {pattern}; `mvn test-compile` downloads it)"
        )
    return jars[-1]


def _version_key(path):
    version = os.path.basename(os.path.dirname(path))
    return [int(p) if p.isdigit() else 0 for p in version.split(".")]


def _library():
    jar = _jar()
    st = os.stat(jar)
    key = hashlib.sha256(f"{os.path.abspath(jar)}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()
    folder = os.path.join(tempfile.gettempdir(), "swoop-duckdb-shim", key[:16])
    path = os.path.join(folder, "libduckdb.so")
    if not os.path.isfile(path):
        os.makedirs(folder, exist_ok=True)
        with zipfile.ZipFile(jar) as z:
            if _NATIVE not in z.namelist():
                raise ImportError(f"{jar} has no {_NATIVE} (this module runs on Linux x86-64 only)")
            part = f"{path}.{os.getpid()}"
            with z.open(_NATIVE) as src, open(part, "wb") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
            os.replace(part, path)  # another process may extract the same file: one rename wins
    return ctypes.CDLL(path)


class _Result(ctypes.Structure):
    """duckdb_result (duckdb.h): deprecated fields, then the internal pointer."""

    _fields_ = [
        ("column_count", ctypes.c_uint64),
        ("row_count", ctypes.c_uint64),
        ("rows_changed", ctypes.c_uint64),
        ("columns", ctypes.c_void_p),
        ("error_message", ctypes.c_char_p),
        ("internal_data", ctypes.c_void_p),
    ]


class _String(ctypes.Structure):
    """duckdb_string_t: a length, then the text inlined (up to 12 bytes) or a prefix and a pointer."""

    _fields_ = [("length", ctypes.c_uint32), ("prefix", ctypes.c_char * 4), ("pointer", ctypes.c_void_p)]


_lib = _library()
_P = ctypes.c_void_p
_RP = ctypes.POINTER(_Result)
_IDX = ctypes.c_uint64


def _declare(name, restype, *argtypes):
    f = getattr(_lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


_open = _declare("duckdb_open", ctypes.c_int, ctypes.c_char_p, ctypes.POINTER(_P))
_close = _declare("duckdb_close", None, ctypes.POINTER(_P))
_connect = _declare("duckdb_connect", ctypes.c_int, _P, ctypes.POINTER(_P))
_disconnect = _declare("duckdb_disconnect", None, ctypes.POINTER(_P))
_extract = _declare(
    "duckdb_extract_statements", _IDX, _P, ctypes.c_char_p, ctypes.POINTER(_P)
)
_extract_error = _declare("duckdb_extract_statements_error", ctypes.c_char_p, _P)
_prepare_extracted = _declare(
    "duckdb_prepare_extracted_statement", ctypes.c_int, _P, _P, _IDX, ctypes.POINTER(_P)
)
_destroy_extracted = _declare("duckdb_destroy_extracted", None, ctypes.POINTER(_P))
_prepare_error = _declare("duckdb_prepare_error", ctypes.c_char_p, _P)
_statement_type = _declare("duckdb_prepared_statement_type", ctypes.c_int, _P)
_nparams = _declare("duckdb_nparams", _IDX, _P)
_destroy_prepare = _declare("duckdb_destroy_prepare", None, ctypes.POINTER(_P))
_bind_null = _declare("duckdb_bind_null", ctypes.c_int, _P, _IDX)
_bind_boolean = _declare("duckdb_bind_boolean", ctypes.c_int, _P, _IDX, ctypes.c_bool)
_bind_int64 = _declare("duckdb_bind_int64", ctypes.c_int, _P, _IDX, ctypes.c_int64)
_bind_double = _declare("duckdb_bind_double", ctypes.c_int, _P, _IDX, ctypes.c_double)
_bind_varchar = _declare("duckdb_bind_varchar", ctypes.c_int, _P, _IDX, ctypes.c_char_p)
_execute_prepared = _declare("duckdb_execute_prepared", ctypes.c_int, _P, _RP)
_result_error = _declare("duckdb_result_error", ctypes.c_char_p, _RP)
_result_return_type = _declare("duckdb_result_return_type", ctypes.c_int, _Result)
_destroy_result = _declare("duckdb_destroy_result", None, _RP)
_column_count = _declare("duckdb_column_count", _IDX, _RP)
_column_name = _declare("duckdb_column_name", ctypes.c_char_p, _RP, _IDX)
_column_type = _declare("duckdb_column_type", ctypes.c_int, _RP, _IDX)
_column_logical_type = _declare("duckdb_column_logical_type", _P, _RP, _IDX)
_decimal_scale = _declare("duckdb_decimal_scale", ctypes.c_uint8, _P)
_decimal_internal_type = _declare("duckdb_decimal_internal_type", ctypes.c_int, _P)
_destroy_logical_type = _declare("duckdb_destroy_logical_type", None, ctypes.POINTER(_P))
_chunk_count = _declare("duckdb_result_chunk_count", _IDX, _Result)
_get_chunk = _declare("duckdb_result_get_chunk", _P, _Result, _IDX)
_chunk_size = _declare("duckdb_data_chunk_get_size", _IDX, _P)
_chunk_vector = _declare("duckdb_data_chunk_get_vector", _P, _P, _IDX)
_vector_data = _declare("duckdb_vector_get_data", _P, _P)
_vector_validity = _declare("duckdb_vector_get_validity", _P, _P)
_row_is_valid = _declare("duckdb_validity_row_is_valid", ctypes.c_bool, _P, _IDX)
_destroy_chunk = _declare("duckdb_destroy_data_chunk", None, ctypes.POINTER(_P))

# duckdb_type (duckdb.h) -> its name, and for the types read here, the C type of its vectors
_BOOLEAN, _FLOAT, _DOUBLE, _TIMESTAMP, _DATE = 1, 10, 11, 12, 13
_HUGEINT, _UHUGEINT, _VARCHAR, _DECIMAL, _TIMESTAMP_TZ = 16, 32, 17, 19, 31
_INTEGERS = {2: ctypes.c_int8, 3: ctypes.c_int16, 4: ctypes.c_int32, 5: ctypes.c_int64,
             6: ctypes.c_uint8, 7: ctypes.c_uint16, 8: ctypes.c_uint32, 9: ctypes.c_uint64}
_C_TYPES = {_BOOLEAN: ctypes.c_bool, _FLOAT: ctypes.c_float, _DOUBLE: ctypes.c_double,
            _TIMESTAMP: ctypes.c_int64, _DATE: ctypes.c_int32, _TIMESTAMP_TZ: ctypes.c_int64,
            _HUGEINT: ctypes.c_uint64 * 2, _UHUGEINT: ctypes.c_uint64 * 2, _VARCHAR: _String,
            **_INTEGERS}
_TYPE_NAMES = {
    1: "BOOLEAN", 2: "TINYINT", 3: "SMALLINT", 4: "INTEGER", 5: "BIGINT", 6: "UTINYINT",
    7: "USMALLINT", 8: "UINTEGER", 9: "UBIGINT", 10: "FLOAT", 11: "DOUBLE", 12: "TIMESTAMP",
    13: "DATE", 14: "TIME", 15: "INTERVAL", 16: "HUGEINT", 17: "VARCHAR", 18: "BLOB",
    19: "DECIMAL", 20: "TIMESTAMP_S", 21: "TIMESTAMP_MS", 22: "TIMESTAMP_NS", 23: "ENUM",
    24: "LIST", 25: "STRUCT", 26: "MAP", 27: "UUID", 28: "UNION", 29: "BIT",
    30: "TIME WITH TIME ZONE", 31: "TIMESTAMP WITH TIME ZONE", 32: "UHUGEINT", 33: "ARRAY",
    36: '"NULL"',
}
_SELECT = 1  # duckdb_statement_type
_QUERY_RESULT = 3  # duckdb_result_type
_EPOCH_DATE = datetime.date(1970, 1, 1)
_EPOCH = datetime.datetime(1970, 1, 1)


def _text(p):
    return p.decode("utf-8") if p is not None else None


def _int128(v, signed):
    lower, upper = v[0], v[1]
    if signed and upper >= 1 << 63:
        upper -= 1 << 64
    return (upper << 64) + lower


def _string(v):
    if v.length <= 12:  # inlined: the 12 bytes after the length
        return ctypes.string_at(ctypes.addressof(v) + 4, v.length).decode("utf-8")
    return ctypes.string_at(v.pointer, v.length).decode("utf-8")


# ---------------------------------------------------------------------------------------------
# Results


class _Materialized:
    """A query's rows, read out of a duckdb_result through its data chunks (the C API's current
    way; its deprecated per-value functions cannot read a TIMESTAMP WITH TIME ZONE, and once
    they are used, the chunks of that result can no longer be read)."""

    def __init__(self, result):
        r = ctypes.byref(result)
        self.columns = [_text(_column_name(r, c)) for c in range(_column_count(r))]
        self.type_ids = [_column_type(r, c) for c in range(len(self.columns))]
        readers = [self._reader(r, c, name, t)
                   for c, (name, t) in enumerate(zip(self.columns, self.type_ids))]
        self.values = [[] for _ in self.columns]
        for k in range(_chunk_count(result)):
            chunk = _P(_get_chunk(result, k))
            try:
                size = _chunk_size(chunk)
                for c, read in enumerate(readers):
                    vector = _chunk_vector(chunk, c)
                    validity = _vector_validity(vector)
                    data = ctypes.cast(_vector_data(vector), ctypes.POINTER(read[0]))
                    out = self.values[c]
                    for i in range(size):
                        if validity and not _row_is_valid(validity, i):
                            out.append(None)
                        else:
                            out.append(read[1](data[i]))
            finally:
                _destroy_chunk(ctypes.byref(chunk))

    @staticmethod
    def _reader(r, c, name, t):
        """(the C type of the column's vector, a function from one element to Python)."""
        if t == _DECIMAL:
            logical = _P(_column_logical_type(r, c))
            try:
                scale = _decimal_scale(logical)
                storage = _decimal_internal_type(logical)
            finally:
                _destroy_logical_type(ctypes.byref(logical))
            unit = decimal.Decimal(1).scaleb(-scale)
            if storage == _HUGEINT:
                return ctypes.c_uint64 * 2, lambda v: decimal.Decimal(_int128(v, True)) * unit
            return _INTEGERS[storage], lambda v: decimal.Decimal(v) * unit
        if t not in _C_TYPES:
            raise NotImplementedError(
                f"column {name!r} is {_TYPE_NAMES.get(t, f'type {t}')}: the test shim of duckdb "
                "reads only numbers, booleans, strings, dates and timestamps"
            )
        if t == _DATE:
            convert = lambda v: _EPOCH_DATE + datetime.timedelta(days=v)  # noqa: E731
        elif t == _TIMESTAMP:
            convert = lambda v: _EPOCH + datetime.timedelta(microseconds=v)  # noqa: E731
        elif t == _TIMESTAMP_TZ:
            convert = lambda v: (_EPOCH + datetime.timedelta(microseconds=v)).replace(  # noqa: E731
                tzinfo=datetime.timezone.utc)
        elif t in (_HUGEINT, _UHUGEINT):
            convert = lambda v: _int128(v, t == _HUGEINT)  # noqa: E731
        elif t == _VARCHAR:
            convert = _string
        elif t == _BOOLEAN:
            convert = bool
        elif t in (_FLOAT, _DOUBLE):
            convert = float
        else:
            convert = int
        return _C_TYPES[t], convert

    def python(self, c, v, tz):
        if v is not None and self.type_ids[c] == _TIMESTAMP_TZ:
            return v.astimezone(zoneinfo.ZoneInfo(tz))
        return v

    def rows(self, tz):
        return [tuple(self.python(c, col[i], tz) for c, col in enumerate(self.values))
                for i in range(len(self.values[0]) if self.values else 0)]

    def frame(self, tz):
        import numpy as np
        import pandas as pd

        data = {}
        for c, (name, t) in enumerate(zip(self.columns, self.type_ids)):
            col = self.values[c]
            has_null = any(v is None for v in col)
            if t == _BOOLEAN:
                s = pd.Series(col, dtype=object if has_null else bool)
            elif t in _INTEGERS:
                s = (pd.Series([np.nan if v is None else float(v) for v in col], dtype="float64")
                     if has_null else pd.Series(col, dtype=np.dtype(_INTEGERS[t])))
            elif t == _FLOAT:
                s = pd.Series([np.nan if v is None else v for v in col], dtype="float32")
            elif t in (_DOUBLE, _DECIMAL, _HUGEINT, _UHUGEINT):
                s = pd.Series([np.nan if v is None else float(v) for v in col], dtype="float64")
            elif t == _DATE:
                s = pd.Series(pd.to_datetime([pd.NaT if v is None else v for v in col]),
                              dtype="datetime64[ns]")
            elif t == _TIMESTAMP:
                s = pd.Series(pd.to_datetime([pd.NaT if v is None else v for v in col]),
                              dtype="datetime64[ns]")
            elif t == _TIMESTAMP_TZ:
                utc = pd.to_datetime([pd.NaT if v is None else v for v in col], utc=True)
                s = pd.Series(utc.tz_convert(tz))
            else:  # VARCHAR
                s = pd.Series(col, dtype=object)
            data[name] = s
        return pd.DataFrame(data, columns=self.columns) if data else pd.DataFrame()


class Relation:
    """A prepared SELECT, run each time it is fetched (as in duckdb), or rows already read."""

    def __init__(self, connection, stmt, params, materialized=None):
        self._connection = connection
        self._stmt = stmt
        self._params = params
        self._materialized = materialized

    def _rows(self):
        if self._materialized is not None:
            return self._materialized
        return self._connection._execute(self._stmt, self._params)

    def __del__(self):
        if self._stmt and self._connection._con:  # closing the connection freed it already
            _destroy_prepare(ctypes.byref(self._stmt))

    @property
    def columns(self):
        return list(self._rows().columns)

    @property
    def types(self):
        return [_TYPE_NAMES.get(t, str(t)) for t in self._rows().type_ids]

    def df(self):
        return self._rows().frame(self._connection._timezone())

    fetchdf = df

    def fetchall(self):
        return self._rows().rows(self._connection._timezone())

    def fetchone(self):
        rows = self.fetchall()
        return rows[0] if rows else None

    def __repr__(self):
        return repr(self.df())


# ---------------------------------------------------------------------------------------------
# Connections


class Connection:
    """An in-memory (or file) DuckDB database and one connection to it."""

    def __init__(self, database=":memory:"):
        self._db = _P()
        path = None if database in (None, ":memory:", "") else os.fspath(database).encode()
        if _open(path, ctypes.byref(self._db)) != 0:
            raise IOException(f"IO Error: cannot open database {database!r}")
        self._con = _P()
        if _connect(self._db, ctypes.byref(self._con)) != 0:
            _close(ctypes.byref(self._db))
            raise Error("Connection Error: cannot connect to the database")
        self._result = None

    def close(self):
        if self._con:
            _disconnect(ctypes.byref(self._con))
            _close(ctypes.byref(self._db))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        self.close()

    # -- the statements of one query string ------------------------------------------------

    def _statements(self, query):
        """Prepares every statement of `query` and runs all but the last; returns the last,
        prepared (the caller destroys it). A statement may depend on the ones before it (CREATE
        then SELECT), so each runs before the next is prepared."""
        extracted = _P()
        n = _extract(self._con, query.encode("utf-8"), ctypes.byref(extracted))
        try:
            if n == 0:
                raise _error(_text(_extract_error(extracted)) or "Parser Error: no statement")
            for i in range(n):
                stmt = _P()
                if _prepare_extracted(self._con, extracted, i, ctypes.byref(stmt)) != 0:
                    message = _text(_prepare_error(stmt))
                    _destroy_prepare(ctypes.byref(stmt))
                    raise _error(message)
                if i == n - 1:
                    return stmt
                try:
                    self._execute(stmt, None)
                finally:
                    _destroy_prepare(ctypes.byref(stmt))
        finally:
            _destroy_extracted(ctypes.byref(extracted))

    def _execute(self, stmt, params):
        """Runs a prepared statement with its parameters; returns its rows, or None."""
        params = list(params or [])
        if _nparams(stmt) != len(params):
            raise InvalidInputException(
                f"Invalid Input Error: the statement has {_nparams(stmt)} parameters, "
                f"{len(params)} given"
            )
        for i, v in enumerate(params, start=1):
            self._bind(stmt, i, v)
        result = _Result()
        try:
            if _execute_prepared(stmt, ctypes.byref(result)) != 0:
                raise _error(_text(_result_error(ctypes.byref(result))))
            if _result_return_type(result) != _QUERY_RESULT:
                return None
            return _Materialized(result)
        finally:
            _destroy_result(ctypes.byref(result))

    @staticmethod
    def _bind(stmt, i, v):
        if v is None:
            state = _bind_null(stmt, i)
        elif isinstance(v, bool):
            state = _bind_boolean(stmt, i, v)
        elif isinstance(v, int):
            state = _bind_int64(stmt, i, v)
        elif isinstance(v, float):
            state = _bind_double(stmt, i, v)
        elif isinstance(v, (str, datetime.date, decimal.Decimal)):
            state = _bind_varchar(stmt, i, str(v).encode("utf-8"))
        else:
            raise NotImplementedError(
                f"parameter {i} is a {type(v).__name__}: the test shim of duckdb binds only "
                "None, bool, int, float, str, date and Decimal"
            )
        if state != 0:
            raise InvalidInputException(f"Invalid Input Error: cannot bind parameter {i} = {v!r}")

    def _run_last(self, query, params):
        """Runs `query` (every statement, the last with `params`) and returns the last's rows."""
        stmt = self._statements(query)
        try:
            return self._execute(stmt, params)
        finally:
            _destroy_prepare(ctypes.byref(stmt))

    def _timezone(self):
        return self._run_last("SELECT current_setting('TimeZone')", None).values[0][0]

    # -- the duckdb API --------------------------------------------------------------------

    def sql(self, query, params=None):
        stmt = self._statements(query)
        if _statement_type(stmt) == _SELECT:
            # Prepared now (so an error shows here, as in duckdb), run each time it is fetched.
            return Relation(self, stmt, params)
        try:
            rows = self._execute(stmt, params)
        finally:
            _destroy_prepare(ctypes.byref(stmt))
        return None if rows is None else Relation(self, None, params, rows)

    query = sql

    def execute(self, query, parameters=None):
        self._result = self._run_last(query, parameters)
        return self

    def fetchall(self):
        if self._result is None:
            raise InvalidInputException("Invalid Input Error: no open result set")
        rows = self._result.rows(self._timezone())
        self._result = None
        return rows

    def fetchone(self):
        rows = self.fetchall()
        return rows[0] if rows else None

    def df(self):
        if self._result is None:
            raise InvalidInputException("Invalid Input Error: no open result set")
        frame = self._result.frame(self._timezone())
        self._result = None
        return frame

    fetchdf = df


_default = None


def default_connection():
    global _default
    if _default is None:
        _default = Connection()
    return _default


def connect(database=":memory:", read_only=False):
    if read_only and database in (None, ":memory:", ""):
        raise InvalidInputException("Invalid Input Error: an in-memory database cannot be read-only")
    return Connection(database)


def sql(query, params=None):
    return default_connection().sql(query, params)


query = sql


def execute(query, parameters=None):
    return default_connection().execute(query, parameters)
