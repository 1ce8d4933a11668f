"""Project files as a whole: lint, the charter guard, JSON Schema export and `init`."""
