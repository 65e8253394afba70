"""Turn template source into a Jinja environment that sees plain data and our helpers only.

Templates, their front matter and the values from CSV files may be hostile. The sandbox is an
ImmutableSandboxedEnvironment (no list or dict changes) that further allows attributes only
on plain data (text, numbers, dates, lists, dicts and Jinja's own loop helpers) and never an
attribute starting with an underscore, so no chain of attributes reaches a class, a module,
a file or a function we did not hand over. Values are made plain before they go in.

A render is bounded as well (a template is edited in the web app and checked as one types):
at most MAX_STEPS loop rounds and calls, no value (text, list, number) past MAX_TEXT or
MAX_INT_BITS, no padding or repeat past MAX_SIZE and at most MAX_OUTPUT characters written.
Past a bound the render stops with TemplateLimit, before the memory is taken.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

from jinja2.exceptions import SecurityError

MAX_SIZE = 100_000  # longest text or list a template may make with '*'; largest number argument to a filter
MAX_TEXT = 20_000_000  # largest text (or list, counted as text) one expression may make: a photo as data: URI fits
MAX_OUTPUT = 50_000_000  # characters one render may write
MAX_STEPS = 1_000_000  # loop rounds, calls and checked elements of one render (about a second)
WRITE_CHARS = 64  # writing this many characters costs one step (so no render writes more than 64M)
CALL_STEPS = 10  # a call (a macro: about 10 microseconds) costs as much as ten loop rounds
MAX_INT_BITS = 100_000  # largest number a template may compute (about 30,000 digits)
MADE_CHARS = 1024  # making (copying) this many characters costs one step (so no render copies more than 1G)
MAX_WRAP_WORK = 200_000_000  # characters `wordwrap` may copy: its cost grows with length x length / width
# Filters that walk their value element by element: every element costs a step.
_WALKING = frozenset({"map", "select", "reject", "selectattr", "rejectattr", "sort", "groupby", "join", "sum",
                      "unique", "list", "batch", "slice", "dictsort", "min", "max", "items", "reverse", "tojson",
                      "xmlattr", "pprint"})
# Filters that run a regular expression over every character (`title` took 0.4 microseconds a character).
_HEAVY = frozenset({"title", "urlize", "striptags", "wordcount", "capitalize", "truncate", "wordwrap"})
HEAVY_CHARS = 2  # reading this many characters with one of those costs one step (other filters: WRITE_CHARS)
# Filters that sort: every element costs about log2(n) / 4 steps more (a comparison is cheaper than a loop round).
_SORTING = frozenset({"sort", "groupby", "dictsort", "unique", "min", "max"})
# Types whose public attributes a template may read (methods of these only read or copy).
_PLAIN = (str, int, float, bool, Decimal, dt.date, dt.time, dt.timedelta, list, tuple, dict, type(None))
# Attributes of plain data that are harmless but still refused: they lead away from data.
_REFUSED = frozenset({"mro", "format_map", "fromtimestamp", "today", "now", "utcnow", "fromordinal",
                      "fromisoformat", "fromisocalendar", "strptime", "combine", "translate", "maketrans"})


class TemplateLimit(SecurityError):
    """A template tried to make too much text, too large a number or to run too long."""


def make_environment(loader: Any, autoescape: Any) -> Any:
    """A sandboxed environment over `loader` for plain data (see the module docstring)."""
    import jinja2
    from jinja2.runtime import LoopContext, Macro
    from jinja2.sandbox import ImmutableSandboxedEnvironment
    from jinja2.utils import Cycler, Joiner, Namespace

    from jinja2 import nodes
    from jinja2.utils import _PassArg
    from jinja2.visitor import NodeTransformer

    helpers_types = (LoopContext, Cycler, Joiner, Namespace)

    class Guard(NodeTransformer):
        """Counts every loop round and checks the size of what lists, '~' and filters make."""

        def generic_visit(self, node: Any, *args: Any, **kwargs: Any) -> Any:
            node = super().generic_visit(node, *args, **kwargs)
            if isinstance(node, nodes.For):
                node.iter = nodes.Filter(node.iter, "_loop_budget", [], [], None, None, lineno=node.lineno)
            elif isinstance(node, nodes.Output):  # writing (and escaping) costs too, also inside a macro or block
                node.nodes = [n if isinstance(n, nodes.TemplateData) else
                              nodes.Filter(n, "_written", [], [], None, None, lineno=n.lineno) for n in node.nodes]
            elif (isinstance(node, (nodes.Concat, nodes.List, nodes.Dict))
                  or isinstance(node, nodes.Tuple) and node.ctx == "load"
                  or isinstance(node, nodes.Filter) and node.node is not None and not node.name.startswith("_")):
                return nodes.Filter(node, "_size_check", [], [], None, None, lineno=node.lineno)
            return node

    class GuardedTemplate(jinja2.Template):
        def render(self, *args: Any, **kwargs: Any) -> str:
            token = _BUDGET.set([MAX_STEPS])
            try:
                return super().render(*args, **kwargs)
            finally:
                _BUDGET.reset(token)

    class PlainNamespace(Namespace):
        """`namespace()` whose attributes cannot grow past the size limits (`{% set ns.x = ns.x ~ ns.x %}`)."""

        def __setitem__(self, name: str, value: Any) -> None:
            super().__setitem__(name, _checked(value))

    class PlainSandbox(ImmutableSandboxedEnvironment):
        """Attributes only on plain data and Jinja's loop helpers; calls only to what we gave.

        Bounded too: a render makes at most MAX_STEPS loop rounds and calls, no value larger than
        MAX_TEXT and no output larger than MAX_OUTPUT, so a hostile template fails fast instead of
        taking the machine's memory or a worker for ever.
        """

        intercepted_binops = frozenset({"*", "**", "+", "%"})
        template_class = GuardedTemplate

        def _parse(self, source: str, name: str | None, filename: str | None) -> Any:
            return Guard().visit(super()._parse(source, name, filename))

        @staticmethod
        def concat(pieces: Iterable[str]) -> str:  # type: ignore[override]
            kept, total = [], 0
            for piece in pieces:
                total += len(piece)
                if total > MAX_OUTPUT:
                    raise TemplateLimit("output too large")
                kept.append(piece)
            return "".join(kept)

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "**" and isinstance(right, (int, float)) and abs(right) > 100:
                raise TemplateLimit("exponent too large")
            if operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0 \
                    and left.bit_length() * right > MAX_INT_BITS:
                raise TemplateLimit("result too large")
            if operator == "*" and isinstance(left, (str, list, tuple)) and isinstance(right, int) \
                    and (len(left) * right > MAX_SIZE or _weight(left) * right > MAX_TEXT) \
                    or isinstance(right, (str, list, tuple)) and isinstance(left, int) \
                    and (len(right) * left > MAX_SIZE or _weight(right) * left > MAX_TEXT):
                raise TemplateLimit("result too large")
            if operator == "%" and isinstance(left, str):
                _check_format(left, right if isinstance(right, tuple) else (right,), {})
            return _checked(super().call_binop(context, operator, left, right))

        def wrap_str_format(self, value: Any) -> Any:
            wrapper = super().wrap_str_format(value)
            if wrapper is None:
                return None
            text = value.__self__

            def checked(*args: Any, **kwargs: Any) -> Any:
                _check_format(text, args, kwargs)
                return _checked(wrapper(*args, **kwargs))
            return checked

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
            _spend(CALL_STEPS)
            if isinstance(__obj, LoopContext) and args:  # a recursive loop's next level: counted too
                args = (_loop_budget(args[0]), *args[1:])
            owner = getattr(__obj, "__self__", None)
            if isinstance(owner, str):
                _check_str_method(owner, getattr(__obj, "__name__", ""), args, kwargs)
            elif isinstance(owner, (list, tuple, dict)):  # count, index, items, copy ... walk the whole owner
                _spend(len(owner) // 16)
            return _checked(super().call(__context, __obj, *args, **kwargs))

        def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
            if attr.startswith("_") or attr in _REFUSED:
                return False
            if not isinstance(obj, _PLAIN + helpers_types):
                return False
            return bool(super().is_safe_attribute(obj, attr, value))

        def is_safe_callable(self, obj: Any) -> bool:
            if isinstance(obj, type) and obj not in (dict, range, Cycler, Joiner, Namespace, PlainNamespace):
                return False
            if not callable(obj) or not super().is_safe_callable(obj):
                return False
            owner = getattr(obj, "__self__", None)
            if owner is not None and not isinstance(owner, _PLAIN + helpers_types) and not isinstance(obj, Macro):
                return False
            return True

    env = PlainSandbox(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.globals.pop("lipsum", None)  # no use in a letter
    env.globals["namespace"] = PlainNamespace
    for name, function in list(env.filters.items()):
        env.filters[name] = _bounded_filter(name, function, _PassArg.from_obj(function) is not None)
    env.filters["_loop_budget"] = _loop_budget
    env.filters["_size_check"] = _checked
    env.filters["_written"] = _written
    return env


# Steps left in the current render (set by GuardedTemplate.render); None outside a render.
_BUDGET: ContextVar[list[int] | None] = ContextVar("outreach_template_budget", default=None)


def _spend(steps: int) -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget[0] -= steps
        if budget[0] < 0:
            raise TemplateLimit("template runs too long")


def _loop_budget(iterable: Any) -> Iterator[Any]:
    """`iterable`, each round paid from the render's budget."""
    for item in iterable:
        _spend(1)
        yield item


def _written(value: Any) -> Any:
    """`value` about to be written: every WRITE_CHARS characters cost a step of the render's budget."""
    _spend(_weight(value) // WRITE_CHARS)
    return value


def _weight(value: Any, limit: int = MAX_TEXT) -> int:
    """About how many characters `value` takes as text (lists and dicts included), counted to just past `limit`.

    Every element looked at is paid from the render's budget, so checking costs no more than making.
    """
    total, seen, stack = 0, 0, [value]
    while stack and total <= limit:
        item = stack.pop()
        seen += 1
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, (list, tuple)):
            total += 2 + 2 * len(item)
            stack.extend(item)
        elif isinstance(item, dict):
            total += 2 + 4 * len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, int) and not isinstance(item, bool):
            total += item.bit_length() // 3 + 1
        else:
            total += 8
    _spend(seen // 4)  # looking at an element costs about a quarter of a loop round
    return total


def _checked(value: Any) -> Any:
    """`value` unchanged, unless it is too large to be a letter's (SecurityError); making it is paid for."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
        raise TemplateLimit("number too large")
    if isinstance(value, (str, list, tuple, dict)):
        weight = _weight(value)
        if weight > MAX_TEXT:
            raise TemplateLimit("result too large")
        _spend(weight // MADE_CHARS)
    return value


_NUMBER = re.compile(r"\d+")


def _check_format(text: str, args: Iterable[Any], kwargs: Mapping[str, Any]) -> None:
    """Refuse a format string or argument that pads to a huge width ('%999999999d', '{:>{}}', '{:>9999}' * 9000).

    The result can be no longer than the text, plus every width and precision written in it,
    plus each field filled with the widest argument and padded to the largest number given:
    refused when that bound passes MAX_TEXT, before anything is made.
    """
    numbers = _NUMBER.findall(text)
    if any(len(m) > 8 or int(m) > MAX_SIZE for m in numbers):
        raise TemplateLimit("width too large")
    values = [*args, *kwargs.values()]
    for value in values[:MAX_SIZE]:
        if isinstance(value, dict):
            values.extend(value.values())
    if any(isinstance(v, int) and not isinstance(v, bool) and abs(v) > MAX_SIZE for v in values):
        raise TemplateLimit("width too large")
    fields = text.count("{") + text.count("%")
    widest = max((_weight(v) for v in values), default=0)
    largest = max((abs(v) for v in values if isinstance(v, int) and not isinstance(v, bool)), default=0)
    bound = len(text) + sum(int(m) for m in numbers) + fields * (widest + largest)
    if bound > MAX_TEXT:
        raise TemplateLimit("result too large")
    _spend(bound // MADE_CHARS)


def _check_str_method(text: str, name: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """Refuse a str method call whose result would be huge ('a'.center(10**9), s.replace('x', s))."""
    values = [*args, *kwargs.values()]
    if any(isinstance(v, int) and not isinstance(v, bool) and abs(v) > MAX_SIZE for v in values):
        raise TemplateLimit("argument too large")
    longest = max((_weight(v) for v in values if isinstance(v, (str, list, tuple))), default=0)
    if name in ("replace", "join") and len(text) + longest * (len(text) + 1) > MAX_TEXT:
        raise TemplateLimit("result too large")
    if name in ("split", "rsplit", "splitlines", "partition", "rpartition") and _split_weight(text) > MAX_TEXT:
        raise TemplateLimit("result too large")  # refused before a list of millions of pieces is made
    if name == "expandtabs":  # each tab becomes up to `tabsize` spaces
        size = next((v for v in values if isinstance(v, int) and not isinstance(v, bool)), 8)
        if len(text) + text.count("\t") * max(size, 0) > MAX_TEXT:
            raise TemplateLimit("result too large")
    widths = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
    if name in ("center", "ljust", "rjust", "zfill") and widths:  # the result is as wide as asked
        _spend(max(widths) // MADE_CHARS)
    _spend(len(text) // MADE_CHARS)  # every method reads (and most copy) the whole text
    if name == "join" and len(text) * sum(len(v) for v in values if isinstance(v, (list, tuple))) > MAX_TEXT:
        raise TemplateLimit("result too large")


def _split_weight(text: str) -> int:
    """The most a list of the pieces of `text` can weigh (see `_weight`): every character a piece."""
    return 2 + 3 * (len(text) + 1)


def _bounded_filter(name: str, function: Any, passes_first: bool) -> Any:
    """A built-in filter that pays for each element it walks and refuses arguments making its result huge
    (`center(10**9)`, `replace(s, s)`, `join(s)`, `map` over a million items, `wordwrap` of a book)."""
    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _spend(CALL_STEPS)  # a filter is a call, also when `map` or `select` makes it for each element
        value_at = 1 if passes_first else 0
        if len(args) > value_at:
            args = (*args[:value_at], _paid(name, args[value_at]), *args[value_at + 1:])
        if len(args) > value_at and name in ("join", "sum", "batch", "indent", "replace", "format") \
                and not isinstance(args[value_at], (str, list, tuple, dict)) and isinstance(args[value_at], Iterable):
            args = (*args[:value_at], list(args[value_at]), *args[value_at + 1:])
        value, extra = (args[value_at] if len(args) > value_at else None), [*args[value_at + 1:], *kwargs.values()]
        if name == "format" and isinstance(value, str):
            _check_format(value, extra, {})
        elif any(isinstance(v, (int, float)) and not isinstance(v, bool) and abs(v) > MAX_SIZE for v in extra):
            raise TemplateLimit("argument too large")
        if name == "indent" and isinstance(value, str):  # every line gets the indent: lines x width
            width = next((len(v) if isinstance(v, str) else v for v in extra
                          if isinstance(v, str) or isinstance(v, int) and not isinstance(v, bool)), 4)
            if len(value) + (value.count("\n") + 1) * max(width, 0) > MAX_TEXT:
                raise TemplateLimit("result too large")
        if name == "tojson" and extra:  # every element on a line of its own, indented by its depth
            indent = max([v for v in extra if isinstance(v, int) and not isinstance(v, bool)] + [0])
            if _weight(value) * (indent + 1) * 4 > MAX_TEXT:
                raise TemplateLimit("result too large")
        if name == "wordwrap" and isinstance(value, str):
            width = next((v for v in extra if isinstance(v, int) and not isinstance(v, bool)), 79)
            work = len(value) * (len(value) // max(width, 1) + 1)
            if work > MAX_WRAP_WORK:
                raise TemplateLimit("text too long to wrap")
            _spend(work // MADE_CHARS)
        if name == "sum" and not isinstance(kwargs.get("start", args[value_at + 2] if len(args) > value_at + 2 else 0),
                                            (int, float, Decimal)):
            raise TemplateLimit("sum of texts or lists")
        longest = max((_weight(v) for v in extra if isinstance(v, (str, list, tuple))), default=0)
        items = len(value) if isinstance(value, (str, list, tuple, dict)) else 1
        if longest and _weight(value) + longest * (items + 1) > MAX_TEXT:
            raise TemplateLimit("result too large")
        return _checked(function(*args, **kwargs))

    return bounded


def _paid(name: str, value: Any) -> Any:
    """`value` about to be walked by filter `name`: its elements paid for now, or one by one as they are read."""
    if isinstance(value, str):
        if name in _WALKING and _split_weight(value) > MAX_TEXT:  # a list of its characters would be too large
            raise TemplateLimit("result too large")
        _spend(len(value) // (HEAVY_CHARS if name in _HEAVY else WRITE_CHARS))
        return value
    if name not in _WALKING or not isinstance(value, Iterable):
        return value
    try:
        count = len(value)  # type: ignore[arg-type]
    except TypeError:  # a generator (`map`, `select` ...): each element is paid as it is read
        return _loop_budget(value)
    _spend(count * (max(count.bit_length() // 4, 1) if name in _SORTING else 1))
    return value


def plain(value: Any, depth: int = 0) -> Any:
    """`value` as plain data: text, numbers, dates, lists and dicts; anything else as text."""
    from markupsafe import Markup

    if depth > 20:
        return str(value)
    if isinstance(value, Markup):
        return value
    if isinstance(value, (str, int, float, bool, Decimal, dt.date, dt.time, dt.timedelta)) or value is None:
        return value
    if isinstance(value, Mapping):
        return {str(k): plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v, depth + 1) for v in value]
    return str(value)

