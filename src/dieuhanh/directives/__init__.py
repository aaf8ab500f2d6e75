"""Directives (nhiệm vụ được giao) and their follow-up per unit."""
