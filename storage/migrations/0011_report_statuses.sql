-- A report's status is one of those in storage/reports.py (STATUSES); the transitions between
-- them are the code's table (TRANSITIONS). tests/test_storage.py checks both lists agree.
CREATE TRIGGER reports_status_insert BEFORE INSERT ON reports
WHEN NEW.status NOT IN ('received', 'checking', 'in_progress', 'closed')
BEGIN
    SELECT RAISE(ABORT, 'unknown report status');
END;

CREATE TRIGGER reports_status_update BEFORE UPDATE OF status ON reports
WHEN NEW.status NOT IN ('received', 'checking', 'in_progress', 'closed')
BEGIN
    SELECT RAISE(ABORT, 'unknown report status');
END;
