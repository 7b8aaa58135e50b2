"""marshmallow schemas per resource (request bodies and responses)."""
