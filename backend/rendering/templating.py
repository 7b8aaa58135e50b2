"""Merge fields in email and task text, rendered in a Jinja2 sandbox.

Text may use ``{{ account.name }}``, ``{{ account.custom.<key> }}``,
``{{ csm.name }}``, ``{{ contact.name }}`` and the rest of Jinja2's
expression language, but runs in a :class:`SandboxedEnvironment`: no
attribute access to Python internals, no unsafe calls, bounded ``range``.
A missing merge field (at any depth) renders as an empty string.

- ``merge_context(account, csm=None, contact=None)`` → the render context.
- ``render_text(source, context)`` → str; raises :class:`TemplateError`.
- ``render_email(subject, body, context)`` → ``(subject, body)``; the subject
  is flattened to one line (no header injection).
- ``template_problem(source)`` → a readable syntax error, or None.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Mapping

from jinja2 import ChainableUndefined
from jinja2 import TemplateError as JinjaTemplateError
from jinja2 import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

MAX_SOURCE = 100_000
MAX_OUTPUT = 1_000_000

_env = SandboxedEnvironment(autoescape=False, keep_trailing_newline=True,
                            undefined=ChainableUndefined)


class TemplateError(ValueError):
    """Text that cannot be rendered: bad syntax, a forbidden operation, or too long."""


def merge_context(account: Mapping[str, Any] | None, csm: Mapping[str, Any] | None = None,
                  contact: Mapping[str, Any] | None = None) -> dict:
    """The render context: ``account``, ``csm`` and ``contact`` as plain dicts (never None)."""
    return {"account": dict(account or {}), "csm": dict(csm or {}), "contact": dict(contact or {})}


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
def _compiled(source: str):
    """Templates compile once: the engine renders the same text for thousands of accounts."""
    return _env.from_string(source)


def render_text(source: str, context: Mapping[str, Any]) -> str:
    """Render ``source`` with ``context``. Raises TemplateError with a readable message."""
    if "{" not in source and "\r" not in source and len(source) <= MAX_SOURCE:
        return source  # plain text renders as itself (Jinja only rewrites \r\n line ends)
    problem = template_problem(source)
    if problem:
        raise TemplateError(problem)
    try:
        out = _compiled(source).render(**context)
    except JinjaTemplateError as exc:  # SecurityError, UndefinedError on a deeper lookup, ...
        raise TemplateError(str(exc)) from None
    except (TypeError, ValueError, ArithmeticError, OverflowError) as exc:
        raise TemplateError(f"{type(exc).__name__}: {exc}") from None
    if len(out) > MAX_OUTPUT:
        raise TemplateError(f"the rendered text is longer than {MAX_OUTPUT} characters")
    return out


def render_email(subject: str, body: str, context: Mapping[str, Any]) -> tuple[str, str]:
    """Render an email's subject (flattened to one line) and body. Raises TemplateError."""
    rendered_subject = " ".join(render_text(subject, context).split())
    return rendered_subject, render_text(body, context)
