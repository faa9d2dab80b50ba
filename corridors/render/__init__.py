"""Layer 4, what a person reads: maps, the report and the gallery."""
