"""Business operations: the only place where views' requests turn into database writes."""
