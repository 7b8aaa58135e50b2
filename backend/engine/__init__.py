"""The runtime that walks journeys (called by jobs only): enrolling, snapshots, walker, actions, delivery."""
