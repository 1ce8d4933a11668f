"""`selfshop lint`, `selfshop schema` and `selfshop init` (filled in by the loader work)."""
