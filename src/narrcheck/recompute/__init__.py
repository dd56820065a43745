"""recompute stage."""
