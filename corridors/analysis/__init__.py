"""Layer 3, analyses built on the model: N-1/N-k sweeps and bypass routes."""
