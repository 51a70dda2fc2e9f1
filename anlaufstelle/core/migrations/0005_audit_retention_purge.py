"""Let the retention job (and only it) delete audit entries whose retention period has ended.

The trigger still refuses every UPDATE, and every DELETE unless the transaction has set
`anlaufstelle.audit_retention = 'on'` (core.retention does this with SET LOCAL).
"""

from django.db import migrations

from anlaufstelle.core.migration_sql import postgres_only

CREATE = """
CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('anlaufstelle.audit_retention', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'The audit trail is append-only (% refused).', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""
PREVIOUS = """
CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit trail is append-only (% refused).', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0004_job_input_and_result")]

    operations = [postgres_only([CREATE], [PREVIOUS])]
