"""Turn OUTREACH_* environment variables into settings, from one documented table.

Every setting is a row of SETTINGS (name, default, help). A test checks that each one is
described in README.md, so adding a row means documenting it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("OUTREACH_DATA_DIR", "", "Folder for the database, rules and output. Default: the user's data folder (platformdirs)."),
    Setting("OUTREACH_DATABASE_URL", "", "SQLAlchemy URL. Default: SQLite file outreach.db in the data folder (WAL mode). PostgreSQL: postgresql+psycopg://user:pw@host/db."),
    Setting("OUTREACH_CONTENT_DIR", "", "Your own content folder with templates/, pictograms/ and readability/ subfolders; it overrides and extends the built-in ones."),
    Setting("OUTREACH_PICTOGRAM_DIRS", "", "Extra folders of SVG pictograms (separated by ':'), e.g. a licensed set with its own manifest.toml."),
    Setting("OUTREACH_WORKERS", "2", "Worker processes for mail merges; also how many renders from the web may run at once."),
    Setting("OUTREACH_TIMEZONE", "Europe/Amsterdam", "Time zone for due calls and sending windows."),
    Setting("OUTREACH_SEND_WINDOW", "09:00-20:00", "Hours in which messages may go out, local time. 'off' sends at any time (tests only)."),
    Setting("OUTREACH_PUBLIC_URL", "", "Public base URL of the web app, used for Twilio status callbacks and the listen pages' QR codes on letters, flyers and door cards (e.g. https://outreach.example.nl)."),
    Setting("OUTREACH_TWILIO_ACCOUNT_SID", "", "Twilio account SID."),
    Setting("OUTREACH_TWILIO_AUTH_TOKEN", "", "Twilio auth token; also used to verify webhook signatures."),
    Setting("OUTREACH_TWILIO_FROM", "", "Sender number for SMS, E.164 (+31...) or an alphanumeric sender ID."),
    Setting("OUTREACH_TWILIO_WHATSAPP_FROM", "", "WhatsApp sender, e.g. whatsapp:+3197010203040."),
    Setting("OUTREACH_TWILIO_API_BASE", "https://api.twilio.com", "Twilio API base URL; point it at a local server for tests."),
    Setting("OUTREACH_RETENTION_MONTHS", "24", "Anonymise prospects closed longer than this many months."),
    Setting("OUTREACH_SECRET_KEY", "", "Secret for signing web sessions. Default: a random key stored in the data folder."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    """The value of setting `name`: the environment if set, else the table's default."""
    setting = _BY_NAME[name]  # KeyError for a setting that is not in the table: a bug
    return os.environ.get(name, setting.default)


def data_dir() -> Path:
    """The data folder, created on first use."""
    value = get("OUTREACH_DATA_DIR")
    if not value:
        import platformdirs

        value = platformdirs.user_data_dir("outreach", appauthor=False)
    path = Path(value).expanduser()
    path.mkdir(mode=0o700, parents=True, exist_ok=True)  # personal data: the owner only
    return path
