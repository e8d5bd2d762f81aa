"""Getting updates in and messages out: the durable inbox and the outbox sender."""
