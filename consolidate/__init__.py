"""consolidate: periodic reports from many units, checked and merged."""

__version__ = "0.1.0"
