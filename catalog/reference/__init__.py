"""The catalogue and the form templates as data, and their idempotent loader (ADR 0003)."""
