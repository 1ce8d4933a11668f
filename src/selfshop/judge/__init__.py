"""Judge: checks over one step's evidence, scoring, crops and the CI gate."""
