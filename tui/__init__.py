"""negotiations: browse, search and edit records of negotiations kept as TOML files."""

__version__ = "0.1.0"
