"""Shared shell: base layout, home pages, audit log, domain errors."""
