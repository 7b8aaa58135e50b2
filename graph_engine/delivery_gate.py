"""Holding emails and tasks for the send window and the frequency cap (SPEC §8).

``delivery_step(walk, node, resumed) -> bool | None`` is asked by the
interpreter before an action node emits its effect; ``resumed`` says the
enrollment was already held at this node (its visit was counted then, so the
effect keeps the key it would have had: holding never changes what is sent).

- ``None`` — go: the action emits its effect now.
- ``False`` — **held**: the enrollment waits at the node (``wait_started_at``
  set, ``wake_at`` = the release time), like a wait node. The step ``held`` is
  logged with ``{"until": <UTC ISO>, "local": "Tue 09:00", "timezone": <IANA>,
  "reason": "send_window" | "frequency_cap", ...}`` on arrival and whenever the
  release time moves (a woken enrollment still outside is held again).
- ``True`` — **skipped** (``on_cap: "skip"``): logged ``skipped`` with
  ``{"reason": "frequency_cap", "cap", "addresses"}``; the walk goes on along the
  node's out-edge without the effect.

The window (graph ``settings.send_window``, see :mod:`graph_engine.send_window`)
applies to ``send_email`` and ``create_task`` unless the node says
``"ignore_send_window": true``. Its ``"account"`` time zone is the snapshot's
``account.timezone``, else ``snapshot["workspace"]["default_timezone"]``, else UTC.

The frequency cap, ``snapshot["workspace"]["frequency_cap"]`` = ``{"emails": n,
"per_days": d}`` (None: no cap), counts *journey emails to contacts* per address
over the rolling ``d`` days before now: ``snapshot["sends"]`` maps a lower-cased
address to the times of the emails already counted (the backend fills it from the
outbox and adds what its round queues; ``simulate`` adds its own sends), plus the
emails this same call emitted before (two emails in a row see each other). It
applies to ``send_email`` nodes that go to contacts and are not ``transactional``;
emails to staff (CSM, sales manager, a named user) are internal alerts and never
capped. Several recipients: the email is one message, so it is held (or skipped)
as a whole while *any* of its addresses is at the cap, and released when all of
them fit again. The window is checked first; inside it, the cap; a cap hold is
released at the first moment both the cap fits and the window is open.

``cap_addresses(config, snapshot)`` — the lower-cased contact addresses an email
node's cap applies to (empty when it is not capped); ``cap_release(times, cap,
now)`` — when an address with these counted sends fits the cap again (None: it
fits now); ``with_send(graph, snapshot, effect, now)`` — the snapshot with an
emitted email counted (what ``simulate`` does in place of the outbox).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Mapping, Sequence

from .frozen import thaw
from .send_window import ACCOUNT, SendWindow, is_open, local_label, next_open, zone, zone_problem

_GATED = ("send_email", "create_task")
HELD, SKIPPED = "held", "skipped"


def _window(graph) -> SendWindow | None:
    return graph.memo("send_window", lambda: SendWindow.from_json(thaw(graph.setting("send_window")))
                      if graph.setting("send_window") else None)


def account_zone_name(snapshot: Mapping) -> str:
    """The account's IANA time zone: its own, else the workspace default, else UTC."""
    own = (snapshot.get("account") or {}).get("timezone")
    if own and zone_problem(own) is None:
        return own
    default = (snapshot.get("workspace") or {}).get("default_timezone")
    return default if default and zone_problem(default) is None else "UTC"


def cap_addresses(config: Mapping, snapshot: Mapping) -> list[str]:
    """Lower-cased contact addresses the cap applies to for this email node (module doc)."""
    if config.get("transactional") or config.get("action") != "send_email":
        return []
    contacts = (config.get("to") or {}).get("contacts")
    if contacts is None:
        return []  # staff recipients: internal alerts
    wanted = None if contacts == "all" else (contacts.get("role") or "").strip().lower()
    found = []
    for contact in snapshot.get("contacts") or ():
        email = contact.get("email")
        if email and (wanted is None or (contact.get("role") or "").strip().lower() == wanted):
            if email.lower() not in found:
                found.append(email.lower())
    return found


def cap_release(times: Sequence[datetime], cap: Mapping, now: datetime) -> datetime | None:
    """When an address with counted sends at ``times`` may get one more (None: now)."""
    if len(times) < cap["emails"]:
        return None  # fewer than the cap in all: fits (the common case, no sorting)
    span = timedelta(days=cap["per_days"])
    recent = sorted(t for t in times if t > now - span)
    over = len(recent) - cap["emails"]
    return None if over < 0 else recent[over] + span


class _Scratch:
    """What one ``advance`` call remembers between its email nodes (the snapshot does not
    change within a call): each node's capped addresses, and the emails emitted so far."""

    __slots__ = ("addresses", "emitted", "seen", "zone", "open_now")

    def __init__(self):
        self.addresses: dict[str, list] = {}
        self.emitted: dict[str, list] = {}
        self.seen = 0
        self.zone: str | None = None  # the account's zone name
        self.open_now: bool | None = None  # the graph's window in that zone, at the call's moment


def _scratch(walk) -> _Scratch:
    scratch = getattr(walk, "cap_scratch", None)
    if scratch is None:
        scratch = walk.cap_scratch = _Scratch()
    return scratch


def _addresses(walk, scratch: _Scratch, node_id: str) -> list[str]:
    config = walk.graph.node(node_id).config
    key = (config.get("to"), bool(config.get("transactional")))  # nodes sending alike share it
    found = scratch.addresses.get(key)
    if found is None:
        found = scratch.addresses[key] = cap_addresses(config, walk.snapshot)
    return found


def _emitted(walk, scratch: _Scratch) -> dict[str, list]:
    """Counted emails this call already emitted (the caller counts them only afterwards)."""
    for effect in walk.effects[scratch.seen:]:
        if effect.kind == "send_email":
            for address in _addresses(walk, scratch, effect.node_id):
                scratch.emitted.setdefault(address, []).append(walk.now)
    scratch.seen = len(walk.effects)
    return scratch.emitted


def _held(walk, node, resumed: bool, until: datetime, tz_name: str, detail: dict) -> bool:
    previous = walk.state.wake_at
    walk.state = walk.state.evolve(wait_started_at=walk.state.wait_started_at or walk.now,
                                   wake_at=until)
    if not resumed or previous != until:
        walk.log(node, HELD, {"until": until.isoformat(), "local": local_label(until, zone(tz_name)),
                              "timezone": tz_name, **detail})
    return False


def delivery_step(walk, node, resumed: bool) -> bool | None:
    """Hold, skip or let go an email/task node now (see module docstring)."""
    config = node.config
    if config.get("action") not in _GATED:
        return None
    window = None if config.get("ignore_send_window") else _window(walk.graph)
    scratch = _scratch(walk)
    if scratch.zone is None:
        scratch.zone = account_zone_name(walk.snapshot)
        scratch.open_now = None if window is None else is_open(window, zone(scratch.zone), walk.now)
    tz_name = scratch.zone if window is None or window.timezone == ACCOUNT else window.timezone
    tz = zone(tz_name)
    if window is not None:
        inside = scratch.open_now if window.timezone == ACCOUNT and scratch.open_now is not None \
            else is_open(window, tz, walk.now)
        if not inside:
            return _held(walk, node, resumed, next_open(window, tz, walk.now), tz_name,
                         {"reason": "send_window", "window": window.describe()})
    cap = (walk.snapshot.get("workspace") or {}).get("frequency_cap")
    addresses = _addresses(walk, scratch, node.id) if cap else []
    sends = walk.snapshot.get("sends")
    sends = {} if sends is None else sends  # a lazy mapping (backend): asked only when capped
    earlier = _emitted(walk, scratch) if addresses else {}
    releases = {}
    for address in addresses:
        times, more = sends.get(address, ()), earlier.get(address)
        release = cap_release([*times, *more] if more else times, cap, walk.now)
        if release is not None:
            releases[address] = release
    if not releases:
        return None
    detail = {"reason": "frequency_cap", "cap": dict(cap), "addresses": sorted(releases)}
    if config.get("on_cap", "hold") == "skip":
        walk.log(node, SKIPPED, detail)
        return walk.move(node, walk.graph.next_node(node.id))
    until = max(releases.values())
    if window is not None:
        until = next_open(window, tz, until)
    return _held(walk, node, resumed, until, tz_name, detail)


def with_send(graph, snapshot: Mapping, effect, now: datetime) -> Mapping:
    """``snapshot`` with the email ``effect`` sent at ``now`` counted toward the cap (a new
    snapshot; unchanged when there is no cap or the email is not counted)."""
    if getattr(effect, "kind", None) != "send_email" or not (snapshot.get("workspace") or {}).get(
            "frequency_cap"):
        return snapshot
    addresses = cap_addresses(graph.node(effect.node_id).config, snapshot)
    if not addresses:
        return snapshot
    sends = {a: list(t) for a, t in (snapshot.get("sends") or {}).items()}
    for address in addresses:
        sends.setdefault(address, []).append(now)
    return {**snapshot, "sends": sends}
