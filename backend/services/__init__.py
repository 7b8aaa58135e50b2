"""Use cases. Services own the transactions and are the only writers of db.session."""
