"""After the infusion: the centre's settings, the follow-up worklist and the call form."""
