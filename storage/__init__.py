"""SQLite storage: the connection, numbered migrations and one repository module per table group."""
