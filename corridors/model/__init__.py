"""Layer 2, the model: targets (the one target grammar), scenarios, the LP and its warm engine, solving, results."""
