"""Turn the render workers' fork server into a warm one: modules imported, fonts, word lists and models loaded once.

`documents.worker` preloads this module in its fork server; importing it renders the built-in
flyer once and checks its text, so every render process forked afterwards starts with
WeasyPrint's fonts and spaCy's model in (shared) memory instead of loading them again, which
took about a second and a half per preview. Only built-in content is used (the user's folders
are hidden meanwhile) and the word tables' database connection is closed again: a forked
process opens its own. Nothing here may stop the fork server: any failure only means colder workers.
"""

from __future__ import annotations

import os


def warm() -> None:
    """Render the built-in flyer and check its text once, in this process."""
    hidden = {k: os.environ.pop(k) for k in ("OUTREACH_CONTENT_DIR", "OUTREACH_PICTOGRAM_DIRS") if k in os.environ}
    try:
        from . import drafts, mailmerge  # noqa: F401  (imported once here, not in every worker)
        from .preview import preview_parts
        from .templates import load_template

        template = load_template("flyer")
        preview_parts(template, {**template.optional, **template.fields})
    except Exception:  # noqa: BLE001  (a cold worker still works)
        pass
    finally:
        os.environ.update(hidden)
        try:
            from ..readability import lexicon

            lexicon._db.cache_clear()  # an SQLite connection must not cross a fork
        except Exception:  # noqa: BLE001
            pass


warm()
