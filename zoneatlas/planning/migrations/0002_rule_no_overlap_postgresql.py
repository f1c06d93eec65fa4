"""On PostgreSQL, the database itself refuses two rows of the same rule and zone kind covering the same day.

An exclusion constraint over the rule, the zone kind and the period (a date range, open-ended when ``valid_to`` is
empty). It needs the ``btree_gist`` extension (trusted since PostgreSQL 13: a database owner may create it).
SQLite has no such constraint: there the model's ``clean`` and the loader refuse overlaps. Deferrable, so that the
loader may move several periods in one transaction; checked at once otherwise.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE planning_rule ADD CONSTRAINT planning_rule_no_overlap
    EXCLUDE USING gist (rule_id WITH =, zone_kind WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
    DEFERRABLE INITIALLY IMMEDIATE;
"""
DROP = "ALTER TABLE planning_rule DROP CONSTRAINT IF EXISTS planning_rule_no_overlap;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
