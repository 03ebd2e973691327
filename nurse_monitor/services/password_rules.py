"""What a new password must be (issue 16, defect 14), after NIST SP 800-63B rev. 4 (3.1.1.2).

At least 15 characters for a password used alone (the program has no second factor), not a
common one (resources/passwords/common-passwords.txt, cited there), not the username; no
composition rules (no "one digit, one symbol"), any characters including spaces. The demo
record's accounts are made by the demo package and are not held to this.
"""

from __future__ import annotations

from functools import lru_cache

from nurse_monitor.paths import resource
from nurse_monitor.services.errors import InvalidInput

MIN_LENGTH = 15  # NIST SP 800-63B rev. 4, 3.1.1.2: a password used as a single factor
MAX_LENGTH = 256  # our design default: long passphrases welcome, no unbounded input


def _folded(text: str) -> str:
    return "".join(text.split()).casefold()


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = resource("passwords/common-passwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(_folded(line) for line in lines if line.strip() and not line.startswith("#"))


def check_new_password(username: str, password: str) -> None:
    """Refuse a password that breaks the rules, naming the field and what is allowed."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput("Password", f"at least {MIN_LENGTH} characters (a passphrase is fine)")
    if len(password) > MAX_LENGTH:
        raise InvalidInput("Password", f"at most {MAX_LENGTH} characters")
    folded = _folded(password)
    if folded == _folded(username):
        raise InvalidInput("Password", "must not be the username")
    if folded in common_passwords():
        raise InvalidInput("Password", "is one of the most common passwords; choose another")
