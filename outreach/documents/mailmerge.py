"""Turn a template and a CSV file of people into one PDF for printing, or one PDF per person.

Rows are checked first (required fields, postcode, phone numbers, dates); a bad row is
reported with its line and field and skipped, good rows are all rendered. The reading level
is checked once per template, with its sample values. Rendering runs in OUTREACH_WORKERS
processes, in chunks: in each chunk one letter (the master) is laid out whole and the
others are composed from it, only the blocks that differ per person laid out anew (documents/vdp.py,
variable-data printing; a letter whose shared part differs is laid out whole), and written
as one tagged PDF. The chunks are streamed into the combined file as they arrive
(documents/pdfjoin.py), each letter one Sect of its structure tree; the main process keeps
only the places of the objects already written, so its memory stays flat with the number of
letters. `merge_rows` does the same for rows already read (a job's batch). Every file it
writes is the owner's only (0600).

A person whose `taal` column names a language with an approved translation (`translations`,
language code -> plain body) gets the Dutch letter and then the same letter in that language
(documents.bilingual); everyone else the Dutch letter alone.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import config, privatefiles
from ..errors import InputError, Where
from ..tabular import read_rows
from ..texts import t
from .rendering import check_level, failed, one_error, output_error, render_html, validate
from .templates import Template, load_template

CHUNK = 50  # letters per chunk: bigger saves master layouts and font subsets, smaller saves worker memory
SOLO_LIMIT = 12  # below this many letters, starting workers costs more than it saves


@dataclass(frozen=True)
class BadRow:
    """A row that was skipped: its line in the file, the field and the Dutch reason."""

    line: int
    field: str | None
    message: str

    def __str__(self) -> str:
        if self.field:
            return t("documents.cli.bad_row", line=self.line, field=self.field, message=self.message)
        return t("documents.cli.bad_row_plain", line=self.line, message=self.message)


@dataclass
class MergeResult:
    """What a mail merge made: files written, rows rendered and rows skipped."""

    template: Template
    outputs: list[Path] = field(default_factory=list)
    rendered: int = 0
    skipped: list[BadRow] = field(default_factory=list)
    report: Any = None
    overridden: bool = False


@dataclass(frozen=True)
class Job:
    """One chunk of work for a worker: template, person values and where to write."""

    template: Template
    people: list[dict[str, Any]]
    mark: bool
    print_marks: bool
    targets: list[Path] | None  # one file per person; None: return one combined PDF
    translations: Mapping[str, str] = field(default_factory=dict)  # language code -> approved plain body


def workers() -> int:
    """Number of worker processes (OUTREACH_WORKERS, at least 1)."""
    try:
        return max(1, int(config.get("OUTREACH_WORKERS")))
    except ValueError:
        raise InputError(t("documents.bad_workers", value=config.get("OUTREACH_WORKERS"))) from None


def people(template: Template, data: Path | None, constants: Mapping[str, Any]) -> Iterator[tuple[int, dict[str, Any] | BadRow]]:
    """(line, checked values or BadRow) for each row of `data`, or once for the constants."""
    if data is None:
        clean, problems = validate(template, constants)
        if problems:
            raise one_error(problems)
        yield 0, clean
        return
    check_header(template, data, constants)
    for row in read_rows(data):
        if row.problem:
            yield row.line, BadRow(row.line, None, row.problem)
            continue
        yield row.line, checked(template, row.line, row.values, constants)


def checked(template: Template, line: int, row: Mapping[str, Any], constants: Mapping[str, Any]) -> dict[str, Any] | BadRow:
    """A row's values over the constants (empty cells do not count), checked: clean values or BadRow."""
    values = {**constants, **{k: v for k, v in row.items() if not isinstance(v, str) or v.strip()}}
    clean, problems = validate(template, values)
    if problems:
        first = problems[0]
        return BadRow(line, first.where.field if first.where else None, first.message)
    return clean


def check_header(template: Template, data: Path, constants: Mapping[str, Any]) -> None:
    """InputError listing, once, every required field that is neither a column of `data` nor a constant."""
    first = next(iter(read_rows(data)), None)
    columns = set(first.values) if first is not None else set()
    missing = [name for name in template.fields
               if name not in columns and str(constants.get(name) or "").strip() == ""]
    if missing:
        raise InputError(t("documents.missing_columns", fields=", ".join(missing)), Where(file=str(data), line=1),
                         hint="set_values")


def render_job(job: Job) -> tuple[bytes, list[int]] | None:
    """Render one chunk (in a worker): per-person files, or one PDF of the chunk returned
    with the page count of each letter in it."""
    from . import pdf

    if job.targets is not None:
        for target, values in zip(job.targets, job.people):
            markup = render_html(job.template, values, level_override=job.mark)
            doc = pdf.document(markup, job.template, print_marks=job.print_marks)
            privatefiles.save(target, pdf.write([doc, *_own_language(job, values)]) or b"")  # the owner's only (0600)
        return None
    if not job.people:
        return None
    from .vdp import layout

    markups = [render_html(job.template, values, level_override=job.mark) for values in job.people]
    letters = layout(job.template, markups, print_marks=job.print_marks)  # the same part laid out once
    pages: list[Any] = []
    counts: list[int] = []
    for letter, values in zip(letters, job.people):
        own = [page for doc in _own_language(job, values) for page in doc.pages]
        pages += [*letter.pages, *own]
        counts.append(len(letter.pages) + len(own))
    return pdf.write_pages(letters[0].document, pages), counts


def _own_language(job: Job, values: Mapping[str, Any]) -> list[Any]:
    """The letter laid out in the person's language when their `taal` has an approved translation; else nothing."""
    lang = str(values.get("taal") or "").strip()
    if not job.translations.get(lang):
        return []
    from . import pdf
    from .bilingual import own_html

    own = own_html(job.template, values, lang, job.translations[lang])
    return [pdf.document(own, job.template, print_marks=job.print_marks)]


def _start_worker() -> None:
    from . import pdf

    pdf._state.clear()  # a fresh font configuration per process


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:40]


def merge(name: str | Template, data: Path | None = None, constants: Mapping[str, Any] | None = None, *,
          out: Path, per_recipient: bool = False, level_override: bool = False, print_marks: bool = False,
          progress: Callable[[int, int], None] | None = None, bad_row: Callable[[BadRow], None] | None = None,
          worker_count: int | None = None, translations: Mapping[str, str] | None = None) -> MergeResult:
    """Render `name` for every good row of `data` (or once for `constants`) as PDF.

    `out` is the combined PDF, or the folder for one PDF per person (`per_recipient`).
    `progress(done, total)` is called as letters finish; `bad_row(row)` for each skipped row.
    Raises LevelError when the template fails its level and `level_override` is not set.
    `translations` (language code -> approved plain body) adds the letter in the language of
    each person's `taal` column.
    """
    template = name if isinstance(name, Template) else load_template(name)
    return _merge(template, lambda: people(template, data, constants or {}), out, per_recipient, level_override,
                  print_marks, progress, bad_row, worker_count, translations)


def merge_rows(name: str | Template, rows: Sequence[tuple[int, Mapping[str, Any]]], out: Path, *,
               constants: Mapping[str, Any] | None = None, level_override: bool = False, print_marks: bool = False,
               progress: Callable[[int, int], None] | None = None, bad_row: Callable[[BadRow], None] | None = None,
               worker_count: int | None = None, translations: Mapping[str, str] | None = None) -> MergeResult:
    """Render `name` for each (line, values) of `rows` (over `constants`) into ONE combined PDF `out`.

    For a job that merges its people batch by batch: the same checks, layout and joining as
    `merge`, for rows that are already read. A bad row is skipped and reported as in `merge`;
    when no row is good, `out` is not written (result.outputs is empty). Batch files can be
    joined again with pdfjoin.join/Joiner.add(data) and keep one Sect per letter.
    """
    template = name if isinstance(name, Template) else load_template(name)
    source = lambda: ((line, checked(template, line, values, constants or {})) for line, values in rows)  # noqa: E731
    return _merge(template, source, out, False, level_override, print_marks, progress, bad_row, worker_count,
                  translations)


Rows = Callable[[], Iterator[tuple[int, dict[str, Any] | BadRow]]]  # the checked rows, read afresh each call


def _merge(template: Template, source: Rows, out: Path, per_recipient: bool, level_override: bool, print_marks: bool,
           progress: Callable[[int, int], None] | None, bad_row: Callable[[BadRow], None] | None,
           worker_count: int | None, translations: Mapping[str, str] | None = None) -> MergeResult:
    if translations:
        from . import pdf
        from .bilingual import check_language

        for lang in translations:
            pdf.check_font(check_language(lang))
    result = MergeResult(template)
    result.report = check_level(template, override=level_override)
    result.overridden = level_override and failed(result.report)

    # First pass: report bad rows and count good ones. The good rows are read again while
    # rendering, so the main process never holds all of them (memory stays flat with N).
    total = 0
    for _, item in source():
        if isinstance(item, BadRow):
            result.skipped.append(item)
            if bad_row:
                bad_row(item)
        else:
            total += 1
    if not total:
        return result

    try:
        _write(template, source, out, per_recipient, print_marks, total, result, worker_count or workers(), progress,
               dict(translations or {}))
    except OSError as exc:  # the output path cannot be written; no temporary file is left behind
        raise output_error(exc, out) from None
    result.rendered = total
    return result


def _write(template: Template, source: Rows, out: Path, per_recipient: bool,
           print_marks: bool, total: int, result: MergeResult, count: int,
           progress: Callable[[int, int], None] | None, translations: dict[str, str] | None = None) -> None:
    """Render the `total` good rows to `out`: one combined PDF, or one PDF per person in folder `out`."""
    if per_recipient:
        privatefiles.make_dir(out)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        result.outputs = [out]
    size = max(1, min(CHUNK, math.ceil(total / (count * 2))))
    good = ((line, item) for line, item in source() if not isinstance(item, BadRow))
    jobs = _jobs(template, good, size, result, out if per_recipient else None, print_marks, translations or {})
    chunks = _run(jobs, count if total >= SOLO_LIMIT else 1, total, progress)
    if per_recipient:
        for _ in chunks:
            pass
    elif total == 1:
        part = next(chunks)
        privatefiles.save(out, part[0] if part else b"")
    else:
        from .pdfjoin import Joiner

        joiner = Joiner(out)  # each chunk goes to a private temporary folder beside `out` as it arrives
        try:
            for part in chunks:
                if part:
                    joiner.add(*part)
            joiner.write()  # saves the joined file (0600) and moves it to `out`
        except BaseException:
            joiner.abort()  # removes the temporary folder
            raise


def file_name(template: Template, line: int, values: Mapping[str, Any], suffix: str) -> str:
    """Name of one person's file: template, CSV line and client number, never the person's name."""
    client = _slug(str(values.get("klantnummer", "")))
    return f"{template.name}-regel{line:04d}{'-' + client if client else ''}.{suffix}"


def _jobs(template: Template, good: Iterator[tuple[int, dict[str, Any]]], size: int, result: MergeResult,
          folder: Path | None, print_marks: bool, translations: dict[str, str] | None = None) -> Iterator[Job]:
    """Chunks of `size` people, made as the workers need them; per-person files go to `folder`."""
    batch: list[dict[str, Any]] = []
    targets: list[Path] = []
    for line, values in good:
        batch.append(values)
        if folder is not None:
            targets.append(folder / file_name(template, line, values, "pdf"))
        if len(batch) == size:
            result.outputs.extend(targets)
            yield Job(template, batch, result.overridden, print_marks, targets if folder is not None else None,
                      translations or {})
            batch, targets = [], []
    if batch:
        result.outputs.extend(targets)
        yield Job(template, batch, result.overridden, print_marks, targets if folder is not None else None,
                      translations or {})


def _run(jobs: Iterable[Job], count: int, total: int,
         progress: Callable[[int, int], None] | None) -> Iterator[tuple[bytes, list[int]] | None]:
    """Results of `jobs` in order; at most two chunks per worker in flight."""
    done = 0
    if count == 1:
        for job in jobs:
            yield render_job(job)
            done += len(job.people)
            if progress:
                progress(done, total)
        return
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context(method), initializer=_start_worker) as pool:
        pending: list[tuple[Future[tuple[bytes, list[int]] | None], int]] = []
        queue = iter(jobs)
        for job in queue:
            pending.append((pool.submit(render_job, job), len(job.people)))
            if len(pending) >= count * 2:
                break
        while pending:
            future, size = pending.pop(0)
            yield future.result()
            done += size
            if progress:
                progress(done, total)
            following = next(queue, None)
            if following is not None:
                pending.append((pool.submit(render_job, following), len(following.people)))
