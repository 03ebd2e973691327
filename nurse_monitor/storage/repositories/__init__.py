"""Repositories: queries and inserts over one SQLAlchemy Session. They never commit."""
