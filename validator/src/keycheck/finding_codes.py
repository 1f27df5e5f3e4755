"""The one list of finding codes: a public contract with support staff and the docs.

Every code a check can emit is declared here once, with its default severity, the
input fields it concerns, a short title, and the error section of the guide it nests
under. The errors page of each exchange carries one section per code (``#<code>``),
the docs build and the tests read this list through :func:`keycheck.catalog`, and the
engine refuses to emit a code that is not declared. Renaming a code breaks links in
support tickets: add codes, never rename them.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)

# Input fields in the order findings are reported.
FIELDS = ("api_key", "secret_key", "passphrase", "scope", "permissions", "ip_restriction")
CREDENTIAL_FIELDS = ("api_key", "secret_key")
# Fields whose pasted text is scanned for stray characters: the credentials and, for
# exchanges that have one, the passphrase (an exchange's catalog lists only its own).
SCANNED_FIELDS = (*CREDENTIAL_FIELDS, "passphrase")


@dataclass(frozen=True)
class Section:
    """An error section of an exchange's errors page (``<errors_page>#<id>``)."""

    id: str
    title: str


@dataclass(frozen=True)
class CodeInfo:
    """One finding code and where it is documented."""

    code: str
    severity: str
    fields: tuple[str, ...]
    title: str
    section: str  # id of the parent error section


# The three error sections of the guide that findings nest under, then the sections
# that only `explain` points to (errors the checks cannot foresee from a paste).
SECTIONS = (
    Section("invalid-api-key-or-secret", "Invalid API key or secret"),
    Section("permission-denied", "Permission denied"),
    Section("ip-restriction-error", "IP restriction error"),
    Section("clock-out-of-sync", "Clock out of sync"),
    Section("key-expired", "API key expired"),
    Section("contracts-not-opened", "Contracts trading not opened"),
    Section("account-mode-unsupported", "Futures account mode not supported"),
    Section("platform-signing-error", "Signing error on the platform's side"),
    Section("account-locked", "Account locked or not found"),
    Section("wrong-passphrase", "Wrong passphrase"),
    Section("demo-live-mismatch", "Demo key used for live trading, or the reverse"),
)

_KEY = "invalid-api-key-or-secret"
_PERM = "permission-denied"
_IP = "ip-restriction-error"
_BOTH = CREDENTIAL_FIELDS
_SCANNED = SCANNED_FIELDS

CODES = (
    CodeInfo("empty", ERROR, _SCANNED, "Empty value", _KEY),
    CodeInfo("whitespace", ERROR, _SCANNED, "Spaces or line breaks in the value", _KEY),
    CodeInfo("invisible-character", ERROR, _SCANNED, "Invisible character in the value", _KEY),
    CodeInfo("lookalike-character", ERROR, _SCANNED, "Look-alike character in the value", _KEY),
    CodeInfo("wrapped-value", ERROR, _BOTH, "Quotes, brackets or a label copied along", _KEY),
    CodeInfo("bad-format", ERROR, _BOTH, "Not the format of a key", _KEY),
    CodeInfo("example-value", ERROR, _BOTH, "Example, placeholder or masked value", _KEY),
    CodeInfo("duplicated-paste", ERROR, _BOTH, "Value pasted twice", _KEY),
    CodeInfo("same-as-key", ERROR, ("secret_key",), "Secret Key is the API Key", _KEY),
    CodeInfo("two-values-in-one-field", ERROR, _BOTH, "Two values pasted into one field", _KEY),
    CodeInfo("swapped-fields", ERROR, _BOTH, "API Key and Secret Key swapped", _KEY),
    CodeInfo(
        "self-generated-key",
        ERROR,
        ("secret_key",),
        "Self-generated (Ed25519) key instead of a secret",
        _KEY,
    ),
    CodeInfo("withdraw-enabled", ERROR, ("permissions",), "Withdraw permission enabled", _PERM),
    CodeInfo(
        "transfer-enabled", WARNING, ("permissions",), "Asset Transfer permission enabled", _PERM
    ),
    CodeInfo("read-missing", ERROR, ("permissions",), "Read permission missing", _PERM),
    CodeInfo("trade-missing", ERROR, ("permissions",), "Trade permission missing", _PERM),
    CodeInfo(
        "futures-missing",
        ERROR,
        ("permissions", "scope"),
        "Futures trading permission missing",
        _PERM,
    ),
    CodeInfo(
        "futures-unneeded",
        WARNING,
        ("permissions", "scope"),
        "Futures permission on a spot-only key",
        _PERM,
    ),
    CodeInfo("ip-restriction-off", WARNING, ("ip_restriction",), "No IP address bound", _IP),
    CodeInfo("ip-invalid", ERROR, ("ip_restriction",), "Invalid IP address", _IP),
    CodeInfo("ip-not-public", WARNING, ("ip_restriction",), "Private or reserved IP address", _IP),
    CodeInfo("ip-duplicate", WARNING, ("ip_restriction",), "IP address listed twice", _IP),
    CodeInfo("ip-too-many", ERROR, ("ip_restriction",), "Too many IP addresses", _IP),
    CodeInfo("ip-too-broad", WARNING, ("ip_restriction",), "IP network too broad", _IP),
)

BY_CODE: dict[str, CodeInfo] = {info.code: info for info in CODES}
CODE_ORDER: dict[str, int] = {info.code: i for i, info in enumerate(CODES)}
SECTION_IDS = tuple(section.id for section in SECTIONS)


def info(code: str) -> CodeInfo:
    """The declaration of ``code``; ``KeyError`` for an undeclared code (a bug)."""
    return BY_CODE[code]
