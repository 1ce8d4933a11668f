"""Evidence gatherers: one module per kind of evidence a customer meets at a step.

Each gatherer reads the page (or listens to it) and returns evidence models; the walker decides
which kinds to gather from what the configured checks need.
"""
