"""The per-issuer version of assignments, kept by triggers in the transaction of every write.

A version is a random 63-bit number drawn afresh by each write, not a counter: a transaction rolled back takes its
number with it, and the next write draws one no cache entry was ever made under (a counter would come back to the
rolled-back value and find its entry).

SQLite: a row trigger per event (an upsert of the issuer's version). PostgreSQL: statement triggers over the
transition tables, so a bulk write of 200,000 rows draws each issuer's version once, not 200,000 times. An update
draws one only when it changes a column that counts, statuses or list orders read (``COUNTED``).
"""

from django.db import migrations, models

TABLE = "directives_assignment"
VERSION = "directives_assignmentsversion"

# What a count, a status or a list's order reads. A progress report that only links its latest report, or an edit
# of a reason, changes none of them and keeps the cached figures (they are many a minute in a busy office).
COUNTED = (
    "issuer_id", "unit_id", "directive_id", "meeting_id", "leader_id", "role", "issued_on", "deadline",
    "started_on", "done_on", "closed_on", "closure", "ongoing",
)  # fmt: skip

SQLITE = [
    f"""CREATE TRIGGER {VERSION}_{event} AFTER {event.upper()} ON {TABLE}{when} BEGIN
        INSERT INTO {VERSION} (issuer_id, version) VALUES ({row}.issuer_id, (random() & 9223372036854775807))
        ON CONFLICT(issuer_id) DO UPDATE SET version = (random() & 9223372036854775807);{extra}
    END"""
    for event, when, row, extra in (
        ("insert", "", "NEW", ""),
        ("delete", "", "OLD", ""),
        (
            "update",
            " WHEN " + " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in COUNTED),
            "NEW",
            f"""
        INSERT INTO {VERSION} (issuer_id, version) SELECT OLD.issuer_id, (random() & 9223372036854775807)
        WHERE OLD.issuer_id <> NEW.issuer_id
        ON CONFLICT(issuer_id) DO UPDATE SET version = (random() & 9223372036854775807);""",
        ),
    )
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {VERSION}_{event}" for event in ("insert", "delete", "update")]

DRAW = "floor(random() * 9.2e18)::bigint"
OLD_COUNTED = ", ".join(f"o.{c}" for c in COUNTED)
NEW_COUNTED = ", ".join(f"n.{c}" for c in COUNTED)
POSTGRES = [
    f"""CREATE OR REPLACE FUNCTION {VERSION}_bump() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            INSERT INTO {VERSION} (issuer_id, version) SELECT issuer_id, {DRAW} FROM (SELECT DISTINCT issuer_id FROM new_rows) AS changed
            ON CONFLICT (issuer_id) DO UPDATE SET version = {DRAW};
        ELSIF TG_OP = 'DELETE' THEN
            INSERT INTO {VERSION} (issuer_id, version) SELECT issuer_id, {DRAW} FROM (SELECT DISTINCT issuer_id FROM old_rows) AS changed
            ON CONFLICT (issuer_id) DO UPDATE SET version = {DRAW};
        ELSE
            INSERT INTO {VERSION} (issuer_id, version) SELECT issuer_id, {DRAW} FROM (
                SELECT n.issuer_id FROM new_rows AS n JOIN old_rows AS o ON o.id = n.id
                WHERE ({OLD_COUNTED}) IS DISTINCT FROM ({NEW_COUNTED})
                UNION SELECT o.issuer_id FROM new_rows AS n JOIN old_rows AS o ON o.id = n.id
                WHERE ({OLD_COUNTED}) IS DISTINCT FROM ({NEW_COUNTED})
            ) AS changed
            ON CONFLICT (issuer_id) DO UPDATE SET version = {DRAW};
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE TRIGGER {VERSION}_insert AFTER INSERT ON {TABLE} REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION {VERSION}_bump()""",
    f"""CREATE TRIGGER {VERSION}_update AFTER UPDATE ON {TABLE} REFERENCING OLD TABLE AS old_rows
        NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {VERSION}_bump()""",
    f"""CREATE TRIGGER {VERSION}_delete AFTER DELETE ON {TABLE} REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION {VERSION}_bump()""",
]
POSTGRES_DROP = [
    *(f"DROP TRIGGER IF EXISTS {VERSION}_{event} ON {TABLE}" for event in ("insert", "update", "delete")),
    f"DROP FUNCTION IF EXISTS {VERSION}_bump()",
]


def _run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("directives", "0004_job_runs"),
    ]

    operations = [
        migrations.CreateModel(
            name="AssignmentsVersion",
            fields=[
                ("issuer_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("version", models.BigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "phiên bản số liệu nhiệm vụ",
                "verbose_name_plural": "phiên bản số liệu nhiệm vụ",
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
