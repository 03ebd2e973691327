"""Alarm sound: the IEC 60601-1-8 patterns synthesised (numpy), and playing them (miniaudio)."""
