"""Load: the project's YAML files, read safely with positions, into the models."""
