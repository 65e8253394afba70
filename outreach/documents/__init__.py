"""Turn templates and people's details into letters, cards and flyers as accessible PDF.

Public API (imports stay light; WeasyPrint loads only when a PDF is made):
    load_template(name, variant=None) -> Template
    render_text(name, values, variant=None) -> str
    sample_text(name_or_path, variant=None) -> (text, Template)
    render(name, values, format="pdf"|"html"|"txt", out=None, level_override=False, print_marks=False)
    merge(name, data=None, constants={}, out=..., per_recipient=False, ...) -> MergeResult
    merge_rows(name, [(line, values), ...], out, constants={}, ...) -> MergeResult  (one combined PDF)
    contact_sheet(out_path) -> Path
"""

from __future__ import annotations

from typing import Any

from .templates import Template, load_template, render_text, sample_text, template_names

__all__ = ["Template", "load_template", "render_text", "sample_text", "template_names", "render", "merge", "merge_rows",
           "contact_sheet", "MergeResult"]


def __getattr__(name: str) -> Any:
    if name == "render":
        from .rendering import render

        return render
    if name in ("merge", "merge_rows", "MergeResult"):
        from . import mailmerge as module

        return getattr(module, name)
    if name == "contact_sheet":
        from .sheet import contact_sheet

        return contact_sheet
    raise AttributeError(name)
