"""Password hashing: Argon2id with the parameters current guidance gives for an interactive sign-in.

Django's defaults (102,400 KiB, 2 passes, 8 lanes) cost about 140 ms of two cores per sign-in, so 90 people signing
in at once at the start of the day wait seconds. OWASP's Password Storage Cheat Sheet (2023 onwards) and RFC 9106's
second recommended option settle on Argon2id with 19 MiB of memory, 2 passes and 1 lane as the minimum for
interactive logins: about 25 ms of one core here, so two cores verify about 80 sign-ins a second. Hashes made with
other parameters still verify, and Django rewrites them with these on the next successful sign-in
(``must_update``).
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    """Argon2id, m = 19 MiB, t = 2, p = 1 (the algorithm name stays 'argon2': old hashes are the same kind)."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
