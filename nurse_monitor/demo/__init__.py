"""The demo: staff, patients, chairs mid-infusion and a history, recorded through the services.

`nurse-monitor --demo` fills a separate database once (seed.py), with today's chairs recorded
on the demo's own clock, moved forward as a nurse's day goes (chairs.py), and a guide to what
each chair shows (guide.py, Help ▸ What the demo shows).
"""
