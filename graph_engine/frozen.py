"""Deeply immutable JSON values.

- :class:`FrozenDict` — a hashable, read-only ``Mapping``.
- :func:`freeze` — JSON value → immutable twin (dict → FrozenDict,
  list → tuple, scalars unchanged).
- :func:`thaw` — the inverse (FrozenDict → dict, tuple → list), so
  ``thaw(freeze(x)) == x`` for any JSON value ``x``.
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping


class FrozenDict(Mapping):
    """A read-only, hashable mapping (keys keep their insertion order)."""

    __slots__ = ("_data", "_hash")

    def __init__(self, *args, **kwargs):
        self._data = dict(*args, **kwargs)
        self._hash = None

    @classmethod
    def _own(cls, data: dict) -> "FrozenDict":
        """Wrap a fresh dict nobody else holds (no copy)."""
        out = cls.__new__(cls)
        out._data, out._hash = data, None
        return out

    def __getitem__(self, key):
        return self._data[key]

    def __iter__(self) -> Iterator:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def get(self, key, default=None):
        return self._data.get(key, default)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __eq__(self, other) -> bool:
        if isinstance(other, FrozenDict):
            return self._data == other._data
        if isinstance(other, Mapping):
            return self._data == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenDict({self._data!r})"


_SCALARS = frozenset({str, int, float, bool, type(None)})


def freeze(value: Any) -> Any:
    """Return an immutable copy of a JSON value."""
    cls = value.__class__
    if cls in _SCALARS:
        return value
    if cls is dict or cls is FrozenDict:
        return FrozenDict._own({k: freeze(v) for k, v in value.items()})
    if cls is list or cls is tuple:
        return tuple(freeze(v) for v in value)
    if isinstance(value, Mapping):
        return FrozenDict({k: freeze(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(freeze(v) for v in value)
    return value


def thaw(value: Any) -> Any:
    """Return the plain JSON value (dicts and lists) for a frozen one."""
    cls = value.__class__
    if cls in _SCALARS:
        return value
    if cls is FrozenDict:
        return {k: thaw(v) for k, v in value._data.items()}
    if cls is tuple or cls is list:
        return [thaw(v) for v in value]
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [thaw(v) for v in value]
    return value
