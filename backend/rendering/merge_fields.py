"""Merge fields a text names that no account has — ``{{ account.nmae }}``, ``{{ custom.tier }}``
before a ``tier`` attribute exists: Jinja renders them blank, so the email goes out with a
hole in it. Templates are refused when saved, and journey validation lists them, with the
nearest real field as a suggestion.

- ``unknown_fields(source, custom_keys)`` → ``[(written, suggestion or None), ...]``, in the
  order written, each once; [] for text that does not parse (``template_problem`` says why).

What is known is what ``merge_context`` gives every account (``backend.rendering.merge``):
``account.<standard field>``, ``account.custom.<key>`` / ``custom.<key>`` for the workspace's
custom attributes, ``csm`` / ``sales_manager`` (and ``account.csm`` / ``account.sales_manager``)
with ``name`` and ``email``, ``contact`` with ``name``, ``email`` and ``role``,
``unsubscribe_url``, and ``secret.<NAME>`` (webhook headers; the names are checked apart).
Only the path down to a known leaf is checked: ``{{ account.name.upper() }}`` is fine.
Names the template makes itself (``{% set %}``, ``{% for %}``) and Jinja's own (``loop``,
``range``...) are left alone.
"""
from __future__ import annotations

from difflib import get_close_matches
from typing import Iterable

from jinja2 import nodes
from jinja2.exceptions import TemplateSyntaxError

from graph_engine.catalog import ACCOUNT_FIELDS

from .templating import _env

_ANY = object()  # any name goes below this point (secrets are checked elsewhere)
_PERSON = {"name": None, "email": None}
_JINJA_NAMES = frozenset({"loop", "self", "super", "varargs", "kwargs", "caller", "true", "false",
                          "none", "True", "False", "None"})


def known_tree(custom_keys: Iterable[str]) -> dict:
    """The merge fields every account has, as a tree of names (None = a leaf)."""
    custom = {key: None for key in custom_keys}
    account = {field: None for field in ACCOUNT_FIELDS}
    account.update(custom=custom, csm=_PERSON, sales_manager=_PERSON)
    return {"account": account, "custom": custom, "csm": _PERSON, "sales_manager": _PERSON,
            "contact": {"name": None, "email": None, "role": None}, "unsubscribe_url": None,
            "secret": _ANY}


def _chain(node) -> list[str] | None:
    """``account.custom.plan`` / ``account["custom"]["plan"]`` as names, or None when the
    expression is not a plain path from a name."""
    names = []
    while True:
        if isinstance(node, nodes.Getattr):
            names.append(node.attr)
            node = node.node
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) \
                and isinstance(node.arg.value, str):
            names.append(node.arg.value)
            node = node.node
        elif isinstance(node, nodes.Name) and node.ctx == "load":
            names.append(node.name)
            return names[::-1]
        else:
            return None


def _written_paths(tree) -> list[list[str]]:
    """Every plain path the template reads, outermost first (``a.b.c``, not also ``a.b``)."""
    found: list[list[str]] = []

    def visit(node):
        if isinstance(node, (nodes.Getattr, nodes.Getitem, nodes.Name)):
            chain = _chain(node)
            if chain is not None:
                found.append(chain)
                return
        for child in node.iter_child_nodes():
            visit(child)

    visit(tree)
    return found


def _first_unknown(path: list[str], tree: dict) -> int | None:
    """How many names of ``path`` are known before the first that is not (None: all fine)."""
    level = tree
    for depth, name in enumerate(path):
        if level is _ANY or level is None:
            return None  # below a leaf: a method or an attribute of the value
        if name not in level:
            return depth
        level = level[name]
    return None


def _level(tree: dict, names: list[str]) -> dict:
    for name in names:
        tree = tree[name]
    return tree


def _suggestion(path: list[str], depth: int, tree: dict) -> str | None:
    """The path with its unknown name replaced by the nearest known sibling, when that reads
    as a field (``acount.name`` → ``account.name``; ``acount.nme`` → None)."""
    level = _level(tree, path[:depth])
    close = get_close_matches(path[depth], [n for n in level if level[n] is not _ANY], n=1, cutoff=0.6)
    if not close:
        return None
    fixed = path[:depth] + close + path[depth + 1:]
    if _first_unknown(fixed, tree) is not None or not _reaches_value(fixed, tree):
        return None  # still not a field, or a group (``account``) rather than a value
    return ".".join(fixed)


def _reaches_value(path: list[str], tree: dict) -> bool:
    level = tree
    for name in path:
        level = level[name]
        if level is None or level is _ANY:
            return True
    return False


def unknown_fields(source: str, custom_keys: Iterable[str]) -> list[tuple[str, str | None]]:
    """See the module docstring."""
    try:
        parsed = _env.parse(source)
    except TemplateSyntaxError:
        return []
    tree = known_tree(custom_keys)
    made = {n.name for n in parsed.find_all(nodes.Name) if n.ctx in ("store", "param")}
    made |= _JINJA_NAMES | set(_env.globals) | set(_env.filters)
    out: list[tuple[str, str | None]] = []
    for path in _written_paths(parsed):
        if path[0] in made and path[0] not in tree:
            continue
        depth = _first_unknown(path, tree)
        if depth is None:
            continue
        written = ".".join(path)
        if all(seen != written for seen, _ in out):
            out.append((written, _suggestion(path, depth, tree)))
    return out


def describe(unknown: list[tuple[str, str | None]]) -> str:
    """``{{ account.nmae }} is not a merge field (did you mean {{ account.name }}?)``, joined."""
    parts = []
    for written, suggestion in unknown:
        text = f"{{{{ {written} }}}} is not a merge field"
        if suggestion:
            text += f" (did you mean {{{{ {suggestion} }}}}?)"
        parts.append(text)
    return "; ".join(parts)
