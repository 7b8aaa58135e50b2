"""Merge-field contexts (``account``, ``csm``, ``contact``) for templating.

- ``context_for_account(account, contact=None)`` — from a stored Account:
  standard fields, ``custom`` attributes, ``csm``/``sales_manager`` staff
  users (``{"email", "name"}``), and the given contact (default: the first).
- ``context_from_json(account_json, contact=None)`` — from SPEC §5 account
  JSON (a sample in a preview); ``csm``/``sales_manager`` emails are looked up
  among the staff users for their names.

Whole numbers stored as floats render without ``.0``; dates as ISO strings.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Mapping

from sqlalchemy import select

from ..extensions import db
from ..models.accounts import ACCOUNT_DATE_FIELDS, ACCOUNT_NUMBER_FIELDS, ACCOUNT_TEXT_FIELDS, Account
from ..models.attributes import AccountAttributeValue
from ..models.users import StaffUser
from .templating import merge_context


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _person(user: StaffUser | None) -> dict:
    return {"email": user.email, "name": user.name} if user else {}


def _staff_by_email(email: Any) -> dict:
    if not isinstance(email, str) or not email:
        return {}
    user = db.session.scalar(select(StaffUser).where(StaffUser.email == email.strip().lower()))
    return _person(user) or {"email": email, "name": ""}


def context_for_account(account: Account, contact: Mapping[str, Any] | None = None) -> dict:
    """The render context for a stored account (and one of its contacts)."""
    data = {f: _plain(getattr(account, f)) for f in
            ACCOUNT_TEXT_FIELDS + ACCOUNT_NUMBER_FIELDS + ACCOUNT_DATE_FIELDS}
    custom = {}
    for row in db.session.scalars(select(AccountAttributeValue)
                                  .where(AccountAttributeValue.account_id == account.id)):
        for column in ("num_value", "text_value", "date_value", "bool_value"):
            if getattr(row, column) is not None:
                custom[row.key] = _plain(getattr(row, column))
                break
    data["custom"] = custom
    csm = _person(db.session.get(StaffUser, account.csm_id) if account.csm_id else None)
    data["csm"] = csm
    data["sales_manager"] = _person(db.session.get(StaffUser, account.sales_manager_id)
                                    if account.sales_manager_id else None)
    if contact is None and account.contacts:
        first = account.contacts[0]
        contact = {"name": first.name, "email": first.email, "role": first.role}
    return merge_context(data, csm, contact)


def context_from_json(account: Mapping[str, Any], contact: Mapping[str, Any] | None = None) -> dict:
    """The render context for sample account JSON (SPEC §5 shape; unknown keys kept)."""
    data = {k: v for k, v in account.items() if k not in ("contacts", "subscriptions")}
    data.setdefault("custom", {})
    csm = _staff_by_email(account.get("csm"))
    data["csm"] = csm
    data["sales_manager"] = _staff_by_email(account.get("sales_manager"))
    contacts = account.get("contacts")
    if contact is None and isinstance(contacts, list) and contacts and isinstance(contacts[0], Mapping):
        contact = contacts[0]
    return merge_context(data, csm, contact)


def context_from_snapshot(snapshot: Mapping[str, Any], staff_names: Mapping[str, str],
                          contact: Mapping[str, Any] | None = None) -> dict:
    """The render context from an engine snapshot (no queries: the engine's hot path).

    ``staff_names`` maps staff emails to names (for ``csm.name``). Same shape as
    ``context_for_account``.
    """
    data = {k: _plain(v) for k, v in (snapshot.get("account") or {}).items()}
    data["custom"] = {k: _plain(v) for k, v in (snapshot.get("custom") or {}).items()}
    users = snapshot.get("user") or {}

    def person(email):
        return {"email": email, "name": staff_names.get(email, "")} if email else {}

    data["csm"] = person(users.get("csm"))
    data["sales_manager"] = person(users.get("sales_manager"))
    if contact is None and snapshot.get("contacts"):
        contact = snapshot["contacts"][0]
    return merge_context(data, data["csm"], contact)
