"""Dragoman's workflow engine: articles, editions, pieces, leases, review and audit."""

__version__ = "0.1.0"
