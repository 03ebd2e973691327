"""The charge nurse's side: session history, session detail, patient history, audit log and the
handoff view. Each window takes (db, actor, clock, parent=None) and talks to services only."""
