"""selfshop: be your own mystery shopper."""

__version__ = "0.1.0"
