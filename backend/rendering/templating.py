"""Merge fields in email and task text, rendered in a Jinja2 sandbox.

Text may use ``{{ account.name }}``, ``{{ account.custom.<key> }}`` (or
``{{ custom.<key> }}``, as rules name them), ``{{ csm.name }}``,
``{{ sales_manager.name }}``, ``{{ contact.name }}`` and the rest of Jinja2's
expression language, but runs in a :class:`SandboxedEnvironment`: no
attribute access to Python internals, no unsafe calls, bounded ``range``.
A missing merge field (at any depth) renders as an empty string.

- ``merge_context(account, csm=None, contact=None)`` → the render context.
- ``render_text(source, context)`` → str; raises :class:`TemplateError`.
- ``render_email(subject, body, context)`` → ``(subject, body)``; the subject
  is flattened to one line (no header injection).
- ``template_problem(source)`` → a readable syntax error, or None.
- ``is_html(body)`` → whether a body is an HTML template (see below).

Render budget. Jinja's sandbox blocks attribute escapes but not work: nested
``range(10**5)`` loops run for minutes and ``"x" * 10**9`` eats a gigabyte. So
every render gets a budget, enforced *while* it renders, on the rendering
thread (no process to spawn, nothing shared with other requests):
``RENDER_CPU_S`` seconds of the thread's CPU time and ``MAX_OUTPUT``
characters. The template's syntax tree is rewritten so every ``for`` loop
counts its iterations and every ``~`` checks the size of what it joins;
calls, attribute lookups, ``* ** + %`` (sizes and exponents checked before the
operation), the size-making filters (``center``, ``indent``, ``wordwrap``,
``replace``, ``format``) and ``namespace`` assignments are checked too; the
output streams and is counted chunk by chunk. Lists and dicts are immutable
(``ImmutableSandboxedEnvironment``), so nothing can grow in place. Over
budget → ``TemplateError`` (a 422 in the editor and preview, a failed step in
the engine), never a stalled worker or web thread.

Simple templates. Text that is only literal text and plain merge fields
(``{{ account.name }}``, ``{{ contact.name }}``, ``{{ account.custom.tier }}``)
skips Jinja: ``_simple`` splits it once into literal parts and paths, and
``render_text`` looks the paths up itself, with Jinja's own answers (a missing
field is empty, None reads "None", HTML bodies escape). Anything else — a
filter, a statement, a path through something that is not a mapping, a value
that is not a plain scalar — goes to Jinja. A hypothesis test holds the two
to the same output (tests/backend/test_templates.py).

HTML bodies. A body whose first non-blank character opens an HTML tag
(``<!doctype``, ``<html``, ``<p>``, ``<div ...``, ...) is an HTML template:
merged values are HTML-escaped (Jinja autoescape; ``|safe`` is the explicit
opt-out). Every other body, every subject and every task text is plain text
and is merged raw.
"""
from __future__ import annotations

import re
import threading
import time
from functools import lru_cache
from typing import Any, Mapping

from datetime import date

from jinja2 import ChainableUndefined, nodes
from jinja2 import TemplateError as JinjaTemplateError
from jinja2 import TemplateSyntaxError
from jinja2.runtime import Namespace
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import escape

MAX_SOURCE = 100_000
MAX_OUTPUT = 1_000_000
RENDER_CPU_S = 2.0
_CHECK_EVERY = 256          # operations between two looks at the CPU clock
_HTML_START = re.compile(r"\s*<(!doctype|[a-z][a-z0-9-]*)[\s/>]", re.IGNORECASE)
_PERCENT_WIDTH = re.compile(r"%[-+ #0]*(\*|\d+)?(?:\.(\*|\d+))?")
_BRACE_SPEC = re.compile(r"\{[^{}]*:([^{}]*)([{}])")


class TemplateError(ValueError):
    """Text that cannot be rendered: bad syntax, a forbidden operation, or too long."""


class BudgetExceeded(TemplateError):
    """The render used more CPU time or produced more text than its budget allows."""


class _Budget(threading.local):
    deadline = None         # thread CPU time (time.thread_time) when the render must stop
    ops = 0


_budget = _Budget()


def _tick() -> None:
    _budget.ops += 1
    if _budget.ops % _CHECK_EVERY == 0 and _budget.deadline is not None \
            and time.thread_time() > _budget.deadline:
        raise BudgetExceeded(f"the template ran longer than its budget of {RENDER_CPU_S:g} s")


def _size(value) -> int:
    try:
        return len(value)
    except TypeError:
        return 0


def _too_big(size: int) -> None:
    if size > MAX_OUTPUT:
        raise BudgetExceeded(f"the template would make more than {MAX_OUTPUT} characters")


def _budget_iter(iterable):
    """Every loop of a template iterates through this (see ``_BudgetedEnvironment._parse``)."""
    for item in iterable:
        _tick()
        yield item


def _budget_concat(*parts) -> str:
    """``a ~ b``: the sizes are checked before the join."""
    texts = [str(p) for p in parts]
    _too_big(sum(map(len, texts)))
    return "".join(texts)


def _check_format(text) -> None:
    """Refuse %-formats and format specs whose width or precision could make a huge text."""
    if not isinstance(text, str):
        return
    widths = [w for pair in _PERCENT_WIDTH.findall(text) for w in pair if w]
    for spec, end in _BRACE_SPEC.findall(text):
        if end == "{":
            widths.append("*")  # a nested width: {0:>{1}}
        widths += re.findall(r"\d+", spec)
    if any(w == "*" or len(w) > 4 for w in widths):
        raise BudgetExceeded("format widths are limited to 9999 characters (and may not be computed)")


class _Namespace(Namespace):
    def __setitem__(self, name, value):
        _tick()
        _too_big(_size(value))
        super().__setitem__(name, value)


def _checked_filter(env, name, check):
    original = env.filters[name]

    def wrapper(*args, **kwargs):
        _tick()
        check(*args, **kwargs)
        return original(*args, **kwargs)

    for attr in ("jinja_pass_arg",):
        if hasattr(original, attr):
            setattr(wrapper, attr, getattr(original, attr))
    env.filters[name] = wrapper


def _width_check(position):
    def check(*args, **kwargs):
        values = [a for a in args[position:position + 1] if isinstance(a, int)]
        values += [v for k, v in kwargs.items() if k in ("width",) and isinstance(v, int)]
        if any(v > 10_000 for v in values):
            raise BudgetExceeded("widths are limited to 10000 characters")
    return check


def _replace_check(*args, **kwargs):
    text, old, new = (list(args) + [None, None, None])[-4:-1] if len(args) >= 4 else (args + (None,) * 3)[:3]
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str) and len(new) > len(old):
        _too_big(len(text) + (text.count(old) if old else len(text) + 1) * (len(new) - len(old)))


class _BudgetedEnvironment(ImmutableSandboxedEnvironment):
    """A sandbox that counts work; see the module docstring."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.globals.update(namespace=_Namespace, __budget_iter=_budget_iter,
                            __budget_concat=_budget_concat)
        _checked_filter(self, "center", _width_check(1))
        _checked_filter(self, "indent", _width_check(1))
        _checked_filter(self, "wordwrap", _width_check(2))
        _checked_filter(self, "replace", _replace_check)
        _checked_filter(self, "format", lambda value, *a, **k: _check_format(value))

    def _parse(self, source, name, filename):
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Call(nodes.Name("__budget_iter", "load"), [loop.iter], [], None, None,
                                   lineno=loop.lineno)
        for concat in tree.find_all(nodes.Concat):
            concat.nodes = [nodes.Call(nodes.Name("__budget_concat", "load"), concat.nodes, [], None, None,
                                       lineno=concat.lineno)]
        return tree

    def call_binop(self, context, operator, left, right):
        _tick()
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int):
                    _too_big(len(seq) * n)
        elif operator == "+":
            if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
                _too_big(len(left) + len(right))
        elif operator == "**":
            if isinstance(right, int) and right > 64 and isinstance(left, (int, float)) and abs(left) > 1:
                raise BudgetExceeded("exponents above 64 are not allowed in templates")
        elif operator == "%" and isinstance(left, str):
            _check_format(left)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
        _tick()
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value):
        wrapper = super().wrap_str_format(value)
        if wrapper is not None:
            _check_format(value.__self__)
        return wrapper

    def getattr(self, obj, attribute):
        _tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        _tick()
        return super().getitem(obj, argument)


_env = _BudgetedEnvironment(autoescape=False, keep_trailing_newline=True, undefined=ChainableUndefined)
_html_env = _BudgetedEnvironment(autoescape=True, keep_trailing_newline=True, undefined=ChainableUndefined)


def is_html(body: str) -> bool:
    """True when ``body`` is an HTML template: it starts (after blanks) with an HTML tag."""
    return bool(_HTML_START.match(body or ""))


def merge_context(account: Mapping[str, Any] | None, csm: Mapping[str, Any] | None = None,
                  contact: Mapping[str, Any] | None = None) -> dict:
    """The render context: ``account``, ``csm`` and ``contact`` as plain dicts (never None),
    and the account's ``custom`` attributes and ``sales_manager`` at the top as well, so
    ``{{ custom.plan }}`` renders as ``{{ account.custom.plan }}`` does (the editor's preview
    offers both)."""
    account = dict(account or {})
    custom, manager = account.get("custom"), account.get("sales_manager")
    return {"account": account, "csm": dict(csm or {}), "contact": dict(contact or {}),
            "custom": dict(custom) if isinstance(custom, Mapping) else {},
            "sales_manager": dict(manager) if isinstance(manager, Mapping) else {}}


@lru_cache(maxsize=512)
def template_problem(source: str) -> str | None:
    """Why ``source`` is not a usable template (syntax, size), or None when it is."""
    if len(source) > MAX_SOURCE:
        return f"the text is longer than {MAX_SOURCE} characters"
    try:
        _env.parse(source)
    except TemplateSyntaxError as exc:
        return f"line {exc.lineno}: {exc.message}"
    return None


@lru_cache(maxsize=512)
def _compiled(source: str, html: bool = False):
    """Templates compile once: the engine renders the same text for thousands of accounts."""
    return (_html_env if html else _env).from_string(source)


_FIELD = re.compile(r"\{\{ *([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*) *\}\}")
_DICT_NAMES = frozenset(dir(dict))
_SCALARS = (str, int, float, bool, date, type(None))


@lru_cache(maxsize=512)
def _simple(source: str) -> tuple | None:
    """``(literal, path, literal, path, ..., literal)`` when ``source`` is only literal text
    and plain merge fields (paths as tuples of names), else None."""
    if "\r" in source or len(source) > MAX_SOURCE:
        return None
    parts: list = []
    last = 0
    for match in _FIELD.finditer(source):
        parts.append(source[last:match.start()])
        path = tuple(match.group(1).split("."))
        if _DICT_NAMES.intersection(path[1:]):
            return None  # ``account.items`` is a method in Jinja, not a key
        parts.append(path)
        last = match.end()
    parts.append(source[last:])
    literal = "".join(p for p in parts if isinstance(p, str))
    if "{{" in literal or "{%" in literal or "{#" in literal:
        return None
    return tuple(parts)


_MISSING = object()


def _lookup(context: Mapping[str, Any], path: tuple):
    """The value at ``path`` as Jinja finds it in mappings, "" when missing, or _MISSING
    when only Jinja can say (a path through something that is not a mapping)."""
    if path[0] not in context:
        return _MISSING  # Jinja would look among its globals
    value: Any = context
    for name in path:
        if type(value) is not dict and not isinstance(value, Mapping):
            return _MISSING
        value = value.get(name, _MISSING)
        if value is _MISSING:
            return ""
    kind = type(value)
    if kind is str or kind is int or kind is float:
        return value
    return value if isinstance(value, _SCALARS) else _MISSING


def _render_simple(parts: tuple, context: Mapping[str, Any], html: bool) -> str | None:
    out = []
    for index, part in enumerate(parts):
        if index % 2 == 0:
            out.append(part)
            continue
        value = _lookup(context, part)
        if value is _MISSING:
            return None
        out.append(str(escape(value)) if html else str(value))
    text = "".join(out)
    _too_big(len(text))
    return text


def render_text(source: str, context: Mapping[str, Any], *, html: bool = False,
                cpu_seconds: float = RENDER_CPU_S) -> str:
    """Render ``source`` with ``context`` within the render budget (``html``: escape merged
    values). Raises TemplateError (BudgetExceeded when over budget) with a readable message."""
    if "{" not in source and "\r" not in source and len(source) <= MAX_SOURCE:
        return source  # plain text renders as itself (Jinja only rewrites \r\n line ends)
    parts = _simple(source)
    if parts is not None:
        text = _render_simple(parts, context, html)
        if text is not None:
            return text
    problem = template_problem(source)
    if problem:
        raise TemplateError(problem)
    outer = _budget.deadline
    _budget.deadline = time.thread_time() + cpu_seconds if outer is None else outer
    try:
        chunks, size = [], 0
        for chunk in _compiled(source, html).generate(**context):
            size += len(chunk)
            _too_big(size)
            _tick()
            chunks.append(chunk)
        return "".join(chunks)
    except TemplateError:
        raise
    except JinjaTemplateError as exc:  # SecurityError, UndefinedError on a deeper lookup, ...
        raise TemplateError(str(exc)) from None
    except (TypeError, ValueError, ArithmeticError, OverflowError, RecursionError, MemoryError) as exc:
        raise TemplateError(f"{type(exc).__name__}: {exc}") from None
    finally:
        _budget.deadline = outer


def render_email(subject: str, body: str, context: Mapping[str, Any]) -> tuple[str, str]:
    """Render an email's subject (flattened to one line, never HTML) and body (HTML-escaped
    merges when ``is_html(body)``). Raises TemplateError."""
    rendered_subject = " ".join(render_text(subject, context).split())
    return rendered_subject, render_text(body, context, html=is_html(body))
