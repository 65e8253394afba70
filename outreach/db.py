"""Turn a database URL into a migrated engine and sessions; SQLite is the embedded default.

Tables are declared on `Base` by the capabilities that own them (tracking, messaging); their
Alembic migrations live in `outreach/migrations/versions/`, one branch per capability, and
`migrate()` brings a database to all heads.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import DateTime, Engine, MetaData, TypeDecorator, create_engine, event
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from . import config
from .errors import FieldError, InputError, Where
from .texts import t

_NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=_NAMING)


class UtcDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as UTC; SQLite gets it naive, PostgreSQL as timestamptz."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def max_length(model: type, key: str) -> int | None:
    """The most characters column `key` of `model` holds (String(n)), None when unlimited."""
    column = model.__table__.columns.get(key)  # type: ignore[attr-defined]
    return getattr(column.type, "length", None) if column is not None else None


def check_lengths(model: type, values: Mapping[str, object]) -> None:
    """A Dutch FieldError for the first text in `values` longer than its column of `model` allows.

    The one check of input against the tables, so PostgreSQL never refuses a value halfway a
    transaction (SQLite would quietly keep it). A column marked `info={"fold_of": key}` holds
    `fields.fold` of that value, which can be longer ('ß' becomes 'ss'): checked too. The error names the column's `info["field"]`,
    the name a user knows (voornaam, --place), else the column's key.
    """
    from .fields import fold

    table = model.__table__  # type: ignore[attr-defined]
    for key, value in values.items():
        limit = max_length(model, key)
        field = table.columns[key].info.get("field", key) if key in table.columns else key
        if limit is not None and isinstance(value, str) and len(value) > limit:
            raise FieldError(t("cli.too_long", count=len(value), max=limit), Where(field=field))
        for column in table.columns:  # a folded copy ('ß' folds to 'ss') may be longer than the value itself
            if column.info.get("fold_of") == key and isinstance(value, str) and column.type.length is not None \
                    and len(fold(value)) > column.type.length:
                raise FieldError(t("cli.too_long_folded", max=column.type.length), Where(field=field))


def write_lock(session: Session, name: str) -> None:
    """Wait until no other transaction holds lock `name`, then hold it until this one ends.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: the database's one write lock, taken
    by an UPDATE that changes nothing (taken before anything is read, so the reads that follow
    see what the previous holder committed). Two imports of one list run one after the other.
    """
    from sqlalchemy import text

    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": name})
    else:
        session.execute(text("UPDATE alembic_version SET version_num = version_num WHERE 1 = 0"))


def scrub_after_commit(session: Session) -> None:
    """Once this session commits, move the WAL into the database file and empty it (SQLite).

    With secure_delete on, an erased row is overwritten in the database file; its old pages
    would stay readable in outreach.db-wal (for as long as the web server keeps the database
    open) without this checkpoint. PostgreSQL keeps old row versions until VACUUM reuses them.
    """
    from sqlalchemy import event

    if session.info.get("scrub") or session.get_bind().dialect.name != "sqlite":
        return
    session.info["scrub"] = True
    eng = session.get_bind()

    def checkpoint(_session: Session) -> None:
        import logging

        session.info.pop("scrub", None)
        with eng.connect() as conn:  # type: ignore[union-attr]
            busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
        if busy and busy[0]:
            logging.getLogger("outreach").warning("WAL checkpoint after erasure blocked by a reader; it runs again later")

    event.listen(session, "after_commit", checkpoint, once=True)


_BUSY_SQLSTATES = ("55P03", "40001", "40P01")  # PostgreSQL: lock not available, serialization failure, deadlock


def is_busy(exc: BaseException) -> bool:
    """Whether `exc` is the database saying "busy, try again" (SQLite's lock, PostgreSQL's lock or serialization errors)."""
    from sqlalchemy.exc import DBAPIError, OperationalError

    if not isinstance(exc, DBAPIError):
        return False
    orig = getattr(exc, "orig", None)
    if getattr(orig, "sqlstate", None) in _BUSY_SQLSTATES or getattr(orig, "pgcode", None) in _BUSY_SQLSTATES:
        return True
    text = str(orig).lower()
    return isinstance(exc, OperationalError) and ("database is locked" in text or "database table is locked" in text)


_PLACE: list[str] = []  # the database the web app uses (set by `use`)
_REQUEST: ContextVar[str | None] = ContextVar("outreach_place_of_record", default=None)


@contextmanager
def place(url: str | None) -> Iterator[None]:
    """Within the block (one web request), templates and rules are read from `url`."""
    token = _REQUEST.set(url)
    try:
        yield
    finally:
        _REQUEST.reset(token)


def use(url: str | None) -> None:
    """Make `url` the place of record that templates and rules are read from (the web app calls this on start)."""
    _PLACE[:] = [url] if url else []


def current_place() -> str | None:
    """The database set by `place` or `use`, if any (a render worker is given it)."""
    return _REQUEST.get() or (_PLACE[0] if _PLACE else None)


def place_of_record() -> str | None:
    """The database set by `use`, else OUTREACH_DATABASE_URL's; None when that SQLite file does not exist yet.

    Loading a template or checking a text looks here first, without creating a database.
    """
    url = current_place() or database_url()
    if url.startswith("sqlite"):
        from sqlalchemy.engine import make_url

        name = make_url(url).database
        if not name or name == ":memory:" or not Path(name).is_file():
            return None  # in memory: every connection would see an empty database
    return url


def database_url() -> str:
    """OUTREACH_DATABASE_URL, or a SQLite file in the data folder."""
    return config.get("OUTREACH_DATABASE_URL") or f"sqlite:///{config.data_dir() / 'outreach.db'}"


def _private_sqlite_file(url: str) -> None:
    """Create the SQLite file 0600 before SQLite does (its -wal and -shm files get the same mode)."""
    from sqlalchemy.engine import make_url

    from . import privatefiles

    name = make_url(url).database
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    path = Path(name)
    if path.parent.is_dir():
        privatefiles.create(path)
        for suffix in ("-wal", "-shm"):
            privatefiles.tighten(path.with_name(path.name + suffix))


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA secure_delete=ON")  # erased data is overwritten, whatever Debian's build default
    cursor.close()


BUSY_SECONDS = 30  # how long a statement waits for SQLite's write lock before "database is locked"
_FIRST_USE = threading.Lock()  # parallel first requests migrate a database once, not at the same time


def engine(url: str | None = None) -> Engine:
    """One engine per URL, migrated to the newest schema on first use (once, also from parallel threads).

    `hide_parameters`: an error's text never carries the values of its statement (names,
    addresses, password hashes), wherever it is logged or shown.
    """
    url = url or database_url()
    with _FIRST_USE:
        return _engine(url)


@cache
def _engine(url: str) -> Engine:
    from sqlalchemy.exc import ArgumentError, DBAPIError

    try:
        if url.startswith("sqlite"):
            _private_sqlite_file(url)
            eng = create_engine(url, connect_args={"timeout": BUSY_SECONDS}, hide_parameters=True)
            event.listen(eng, "connect", _sqlite_pragmas)
        else:
            eng = create_engine(url, pool_pre_ping=True, hide_parameters=True)
        migrate(eng)
    except (ArgumentError, DBAPIError, ImportError) as exc:
        raise open_error(url, exc) from None
    return eng


def open_error(url: str, exc: BaseException) -> InputError:
    """A Dutch error for a database that cannot be opened; the URL is shown without its password."""
    from sqlalchemy.engine import make_url

    try:
        shown = make_url(url).render_as_string(hide_password=True)
    except Exception:  # not even a URL: show only its scheme
        shown = url.split(":", 1)[0] + ":..."
    detail = str(getattr(exc, "orig", None) or exc).lower()
    reason = "other"
    for key, words in (("no_file", ("unable to open database file",)), ("refused", ("connection refused", "could not connect")),
                       ("login", ("password authentication failed", "authentication failed", "no password supplied")),
                       ("no_database", ("does not exist",)), ("bad_url", ("could not parse", "can't load plugin", "no module named"))):
        if any(word in detail for word in words):
            reason = key
            break
    return InputError(t("cli.db.cannot_open", reason=t(f"cli.db.{reason}"), url=shown))


def migrate(eng: Engine) -> None:
    """Bring the database behind `eng` to every migration head."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).resolve().parent / "migrations"))
    with eng.begin() as connection:
        if eng.dialect.name == "postgresql":  # web workers and `outreach worker` may start at once: one migrates, the others wait
            from sqlalchemy import text

            connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('outreach-migrate'))"))
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "heads")


@contextmanager
def session(url: str | None = None) -> Iterator[Session]:
    """A session in one transaction: committed when the block ends, rolled back on error."""
    factory = _factory(url or database_url())
    with factory.begin() as s:
        yield s


@cache
def _factory(url: str) -> sessionmaker[Session]:
    return sessionmaker(engine(url), expire_on_commit=False)
