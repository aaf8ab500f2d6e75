"""Accounts: two-factor sign-in, password policy, session limits and sign-in history."""
