"""Bulk SQL: COPY or INSERT chosen in one place (bulk_sql, row_buffer)."""
