"""RQ job functions (thin: ids in, call a service) and the helpers that enqueue them."""
