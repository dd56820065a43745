"""narrcheck: proves that the prose of a Chinese public finance disclosure agrees with its tables."""

__version__ = "0.1.0"
