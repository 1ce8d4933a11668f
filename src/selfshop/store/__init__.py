"""Store: the run folder (written atomically) and the run history."""
