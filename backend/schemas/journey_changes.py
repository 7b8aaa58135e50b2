"""Publishing with a note and a migration, its preview, and version diffs (SPEC §10)."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from .common import CleanSchema, TextLength
from .journeys import JourneySchema, ProblemSchema

_node_id = fields.String(validate=TextLength(min=1, max=200))


class MigrateSchema(CleanSchema):
    mode = fields.String(load_default="stay", validate=validate.OneOf(["stay", "move"]), metadata={
        "description": "stay: active enrollments finish on their version; move: every active "
                       "enrollment moves onto the new version in one transaction"})
    map = fields.Dict(keys=_node_id, values=_node_id, load_default=dict, metadata={
        "description": "old node id -> new node id; a node id both versions have maps to itself "
                       "unless given here", "example": {"n7": "n9"}})
    waits = fields.String(load_default="keep", validate=validate.OneOf(["keep", "recount"]), metadata={
        "description": "accounts sleeping in a wait moved onto a wait of the same kind — keep: "
                       "they wake when they would have (SPEC §10); recount: a `for` wait (an "
                       "`until_rule` wait's timeout) counts the new version's length from when "
                       "they began waiting, so a shortened wait lets go at once those that have "
                       "waited that long"})


class PublishSchema(CleanSchema):
    note = fields.String(validate=TextLength(max=2000), allow_none=True,
                         metadata={"description": "why: shown in the version history"})
    migrate = fields.Nested(MigrateSchema, load_default=None, allow_none=True)


class MigrationNodeSchema(Schema):
    version = fields.Integer(metadata={"description": "the older version the accounts walk"})
    node_id = fields.String(allow_none=True, metadata={"description": "null: enrolled, not started yet"})
    count = fields.Integer()
    type = fields.String(allow_none=True)
    label = fields.String(allow_none=True)
    to = fields.String(allow_none=True, metadata={"description": "the node on the new version; null: unmapped"})
    to_type = fields.String(allow_none=True)
    to_label = fields.String(allow_none=True)
    mapped_by = fields.String(allow_none=True, metadata={"enum": ["same_id", "map", "start"]})
    wait = fields.String(allow_none=True, metadata={
        "enum": ["kept", "recounted", "restarts"],
        "description": "kept: a wait of the same kind keeps wake_at; recounted: it counts the new "
                       "length from when the account began waiting (waits: recount)"})


class MigrationProblemSchema(Schema):
    code = fields.String(metadata={"enum": ["unmapped_node", "unknown_target"]})
    message = fields.String()
    node_id = fields.String()
    version = fields.Integer()
    count = fields.Integer()
    target = fields.String()


class VersionCountSchema(Schema):
    version = fields.Integer()
    active = fields.Integer()


class PublishPreviewSchema(Schema):
    version = fields.Integer(metadata={"description": "the version publishing would create"})
    valid = fields.Boolean()
    problems = fields.List(fields.Nested(ProblemSchema))
    mode = fields.String()
    waits = fields.String(metadata={"description": "keep | recount, as asked (see Migrate)"})
    active = fields.Integer(metadata={"description": "active enrollments now, on every version"})
    moving = fields.Integer()
    staying = fields.Integer()
    by_version = fields.List(fields.Nested(VersionCountSchema))
    nodes = fields.List(fields.Nested(MigrationNodeSchema))
    unmapped = fields.List(fields.Nested(MigrationProblemSchema),
                           metadata={"description": "move only: what would make publish answer 422"})
    can_publish = fields.Boolean()


class MovedNodeSchema(Schema):
    to = fields.String(allow_none=True)
    count = fields.Integer()
    wait = fields.String(allow_none=True)
    from_ = fields.Dict(data_key="from", attribute="from")


class MigrationResultSchema(Schema):
    mode = fields.String()
    moved = fields.Integer()
    nodes = fields.List(fields.Nested(MovedNodeSchema))


class PublishResultSchema(JourneySchema):
    migration = fields.Nested(MigrationResultSchema)


class NodeBriefSchema(Schema):
    id = fields.String()
    type = fields.String(allow_none=True)
    label = fields.String(allow_none=True)


class NodeChangeSchema(NodeBriefSchema):
    fields_ = fields.Dict(data_key="fields", attribute="fields", metadata={
        "description": "dotted path -> {from, to}", "example": {"config.for.days": {"from": 3, "to": 5}}})


class NodeDiffSchema(Schema):
    added = fields.List(fields.Nested(NodeBriefSchema))
    removed = fields.List(fields.Nested(NodeBriefSchema))
    changed = fields.List(fields.Nested(NodeChangeSchema))


class EdgeRefSchema(Schema):
    source = fields.String()
    target = fields.String()
    branch = fields.String(allow_none=True)


class EdgeDiffSchema(Schema):
    added = fields.List(fields.Nested(EdgeRefSchema))
    removed = fields.List(fields.Nested(EdgeRefSchema))


class VersionDiffSchema(Schema):
    version = fields.Integer()
    against = fields.Integer(allow_none=True, metadata={"description": "n-1, or null for version 1"})
    nodes = fields.Nested(NodeDiffSchema)
    edges = fields.Nested(EdgeDiffSchema)
    settings = fields.Dict(metadata={"description": "graph settings (send window...) path -> {from, to}"})
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
