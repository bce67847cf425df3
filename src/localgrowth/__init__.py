"""localgrowth: run a local growth programme and its local industrial strategy in the open."""

__version__ = "0.1.0"
