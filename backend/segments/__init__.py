"""Segments: rules compiled to SQL (``compile``) and membership kept current (``membership``)."""
