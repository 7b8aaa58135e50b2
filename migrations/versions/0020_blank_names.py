"""names stored blank before the API refused them are named; spaces around names go

Revision ID: 0020
Revises: 0019

Since ``schemas.common.Name`` the API trims every name, label, title and subject people read and
refuses a blank one, but rows saved before kept theirs: a journey list link with no text, an
attribute box without a label, an account the screens could only call by its external id. This
rewrites them with the same rule (Python's ``str.strip()``, so tabs, newlines and no-break
spaces count as spaces too):

- a name with spaces around it loses them;
- a blank (empty, only spaces, or null) one becomes a readable fallback: the key for journeys,
  segments, milestones, outcomes, playbooks, attribute labels and template subjects; the email
  for staff users; the external id for accounts; "Untitled token <id>" / "Untitled task <id>"
  for tokens and tasks, which have no key.

Each catalog object renamed gets an audit entry (actor ``system``, ``<kind>.update``, from/to);
accounts and tasks, which may be many, get one entry each for the lot, with counts. An account's
name is rule data (``account.name``): when accounts were renamed and a segment's rule reads the
name, the migration asks the scheduler (``app_settings`` ``segments:recompute``, a JSON list of
segment keys; ``jobs.ticks.requested_recompute``) to recompute those segments once, so their
memberships follow the new names. Runs on SQLite and PostgreSQL alike. The old values are not
kept: downgrade changes nothing.
"""
import json
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

# every character str.strip() drops: what the Name field trims
_SPACES = sorted({chr(c) for c in range(0x110000) if chr(c).isspace()})
RECOMPUTE_KEY = 'segments:recompute'
_NOTE = 'migration 0020'

# (table, name column, fallback column, max length, audit kind: None = one entry for the lot)
_KEYED = {'journeys': 'journey', 'segments': 'segment', 'milestones': 'milestone',
          'outcomes': 'outcome', 'playbooks': 'playbook'}
_TABLES = (
    *((table, 'name', 'key', 200, kind) for table, kind in _KEYED.items()),
    ('attribute_definitions', 'label', 'key', 200, 'attribute'),
    ('email_templates', 'subject', 'key', 500, 'template'),
    ('staff_users', 'name', 'email', 200, 'user'),
    ('api_tokens', 'name', None, 200, 'token'),
    ('tasks', 'title', None, 500, None),
    ('accounts', 'name', 'external_id', None, None),
)
# kinds the app's audit entries name by id (target_id); the others by their key (users: email)
_BY_ID = ('journey', 'token')


def _candidates(conn, table, column, fallback):
    """``(id, value, fallback value)`` of rows whose value is null, empty, or starts or ends
    with a space: only those can change (an index-free scan, once)."""
    col = sa.column(column)
    first, last = sa.func.substr(col, 1, 1), sa.func.substr(col, sa.func.length(col), 1)
    columns = [sa.column('id'), col] + ([sa.column(fallback)] if fallback else [])
    query = (sa.select(*columns).select_from(sa.table(table))
             .where(sa.or_(col.is_(None), col == '', first.in_(_SPACES), last.in_(_SPACES)))
             .order_by(sa.column('id')))
    for row in conn.execute(query):
        yield row[0], row[1], row[2] if fallback else None


def _new_value(table, row_id, value, fallback, max_length):
    """The value ``value`` should be now, or None when it stays."""
    trimmed = (value or '').strip()
    if trimmed and trimmed == value:
        return None
    if not trimmed:
        kind = {'api_tokens': 'token', 'tasks': 'task'}.get(table)
        trimmed = (fallback or '').strip() or f'Untitled {kind or table.rstrip("s")} {row_id}'
    return trimmed[:max_length] if max_length else trimmed


def _entry(now, action, target_type, target_id, summary, changes):
    return {'at': now, 'actor': 'system', 'actor_type': 'system', 'action': action,
            'target_type': target_type, 'target_id': None if target_id is None else str(target_id),
            'summary': summary, 'changes': changes}


def _rename(conn, now, table, column, fallback, max_length, kind):
    """Rewrite one table; returns (audit entries, ids of the rows changed)."""
    changes = []
    for row_id, value, fallback_value in _candidates(conn, table, column, fallback):
        new = _new_value(table, row_id, value, fallback_value, max_length)
        if new is not None:
            changes.append((row_id, value, new, fallback_value))
    if not changes:
        return [], []
    if table == 'accounts':  # rule data: its case-folded shadow (segments.compile.fold) and stamp too
        rows = sa.table(table, sa.column('id', sa.Integer), sa.column(column, sa.Text),
                        sa.column('name_ci', sa.Text), sa.column('updated_at', sa.DateTime(timezone=True)))
        values = {column: sa.bindparam('new'), 'name_ci': sa.bindparam('ci'), 'updated_at': now}
    else:
        rows = sa.table(table, sa.column('id', sa.Integer), sa.column(column, sa.Text))
        values = {column: sa.bindparam('new')}
    conn.execute(rows.update().where(rows.c.id == sa.bindparam('row_id')).values(values),
                 [{'row_id': row_id, 'new': new, 'ci': new.lower()} for row_id, _old, new, _fb in changes])
    if kind is None:  # accounts, tasks: one entry for the lot
        named = [(row_id, fb) for row_id, old, _new, fb in changes if not (old or '').strip()]
        what = 'account' if table == 'accounts' else 'task'
        fallback_words = 'their external id' if table == 'accounts' else '"Untitled task <id>"'
        summary = (f'Named {len(named)} {what}(s) whose {column} was blank ({fallback_words}) and '
                   f'trimmed the spaces around {len(changes) - len(named)} ({_NOTE})')
        sample = [fb if table == 'accounts' else row_id for row_id, fb in named[:100]]
        return [_entry(now, f'{what}.update', what, None, summary,
                       {'named': len(named), 'trimmed': len(changes) - len(named),
                        'external_ids' if table == 'accounts' else 'task_ids': sample})], \
            [row_id for row_id, *_ in changes]
    entries = []
    for row_id, old, new, fallback_value in changes:
        target = row_id if kind in _BY_ID else fallback_value
        if (old or '').strip():
            summary = f'Trimmed the spaces around {kind} {column} “{new}” ({_NOTE})'
        else:
            summary = f'Named {kind} “{new}”: its {column} was blank ({_NOTE})'
        entries.append(_entry(now, f'{kind}.update', kind, target, summary,
                              {column: {'from': old, 'to': new}}))
    return entries, [row_id for row_id, *_ in changes]


def _reads_account_name(rule) -> bool:
    if isinstance(rule, str):
        try:
            rule = json.loads(rule)
        except ValueError:
            return False
    return '"account.name"' in json.dumps(rule)


def _ask_recompute(conn, keys):
    settings = sa.table('app_settings', sa.column('key', sa.String), sa.column('value', sa.Text))
    stored = conn.execute(sa.select(settings.c.value).where(settings.c.key == RECOMPUTE_KEY)).scalar()
    if stored is not None:
        keys = sorted(set(keys) | set(json.loads(stored)))
        conn.execute(settings.update().where(settings.c.key == RECOMPUTE_KEY)
                     .values(value=json.dumps(keys)))
    else:
        conn.execute(settings.insert().values(key=RECOMPUTE_KEY, value=json.dumps(sorted(keys))))


def upgrade():
    conn = op.get_bind()
    now = datetime.now(timezone.utc)
    entries, renamed_accounts = [], []
    for table, column, fallback, max_length, kind in _TABLES:
        written, ids = _rename(conn, now, table, column, fallback, max_length, kind)
        entries.extend(written)
        if table == 'accounts':
            renamed_accounts = ids
    if entries:
        audit = sa.table('audit_log', sa.column('at', sa.DateTime(timezone=True)),
                         sa.column('actor', sa.String), sa.column('actor_type', sa.String),
                         sa.column('action', sa.String), sa.column('target_type', sa.String),
                         sa.column('target_id', sa.String), sa.column('summary', sa.Text),
                         sa.column('changes', sa.JSON))
        op.bulk_insert(audit, entries)
    if renamed_accounts:
        segments = sa.table('segments', sa.column('key', sa.String), sa.column('rule', sa.JSON))
        keys = [key for key, rule in conn.execute(sa.select(segments.c.key, segments.c.rule))
                if _reads_account_name(rule)]
        if keys:
            _ask_recompute(conn, keys)


def downgrade():
    pass  # the blank names are not kept: nothing to put back
