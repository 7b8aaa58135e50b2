"""Effects: each module performs one kind of side effect (email, task, ...) idempotently."""
