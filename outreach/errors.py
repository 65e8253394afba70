"""Turn every failure a user can cause into one exception tree with a Dutch message and a place.

    OutreachError                  base: Dutch `message`, optional `where`, CLI `exit_code`
    ├── InputError                 bad input from a user: a file, a CSV row, an option (exit 2)
    │   ├── FieldError             one field of one record is invalid (row and field named)
    │   └── NotFoundError          an unknown prospect, coach, template, pictogram, message
    ├── ContentError               a template, pictogram manifest or rule file is broken
    ├── LevelError                 a text does not meet its reading level (exit 1)
    ├── ConflictError              the request clashes with what is stored (nothing changed)
    └── SendError                  a message provider refused or failed (messaging)

Code raises these; a user never sees a traceback. The message says what is wrong; what to do
next often differs per surface ("geef ze met --set" on the command line, a field on a web
page), so an error may carry a `hint` key that the CLI (`cli.hint.<key>`) and the web app
(`web.hint.<key>`) each word in their own texts: `hint_text("cli")`. The CLI prints
`str(error)` (place, message) with its hint; the web app shows the field's label instead of
"veld 'x'", never a file name, and its own hint (`web.render.error_text`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Where:
    """Where bad input sits: any of file, line (1-based), row (record number), field."""

    file: str | None = None
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.line is not None:
            parts.append(f"regel {self.line}")
        if self.field:
            parts.append(f"veld '{self.field}'")
        return ", ".join(parts)


class OutreachError(Exception):
    """Base of all errors a user can cause; `message` is Dutch and says what to do."""

    exit_code = 2

    def __init__(self, message: str, where: Where | None = None, hint: str | None = None,
                 **hint_values: object) -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint
        self.hint_values = hint_values

    def hint_text(self, surface: str) -> str:
        """What to do next in the words of `surface` ('cli' or 'web'); empty when it has none."""
        from .texts import t

        if not self.hint:
            return ""
        try:
            return t(f"{surface}.hint.{self.hint}", **self.hint_values)
        except KeyError:  # this surface has nothing to add
            return ""

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where and str(self.where) else self.message


class InputError(OutreachError):
    """Bad input: a file that cannot be read, a wrong option value, a malformed CSV."""


class FieldError(InputError):
    """One field of one record is invalid."""


class NotFoundError(InputError):
    """Something named by the user does not exist."""


class ContentError(OutreachError):
    """A template, pictogram manifest or readability rule file is broken."""


class LevelError(OutreachError):
    """A text does not meet its reading level; carries the readability report."""

    exit_code = 1

    def __init__(self, message: str, report: object = None, where: Where | None = None,
                 hint: str | None = None) -> None:
        super().__init__(message, where, hint)
        self.report = report


class ConflictError(OutreachError):
    """The request clashes with what is already stored; nothing was changed."""


class SendError(OutreachError):
    """A message provider refused or failed; `code` is the provider's error code if any."""

    def __init__(self, message: str, code: str | None = None, permanent: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.permanent = permanent


def os_reason(exc: OSError) -> str:
    """A Dutch reason for a failed file operation ("het bestand bestaat niet", ...)."""
    import errno

    from .texts import t

    key = {errno.ENOENT: "no_such_file", errno.EACCES: "no_permission", errno.EISDIR: "is_folder"}.get(
        exc.errno or 0, "os_error")
    return t(f"cli.{key}")


def log_unexpected(exc: BaseException, logger: str = "outreach") -> str:
    """Log an unexpected error by its type and code locations only, and return a short reference.

    The message and the values of a database error (an IntegrityError lists the row it failed
    on: names, phone numbers, a password hash) are personal data: they stay out of the log and
    the screen. The CLI and the web app both log through here.
    """
    import logging
    import traceback
    import uuid

    ref = uuid.uuid4().hex[:8]
    places = " < ".join(f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}"
                        for frame in reversed(traceback.extract_tb(exc.__traceback__)))
    logging.getLogger(logger).error("unexpected %s (ref %s) at %s", type(exc).__name__, ref, places)
    return ref
