"""The vocabulary an exchange data module is written in.

The rules engine knows nothing about any particular exchange: everything it checks
against (key shapes, example values, permission policy, the IP limit, which error
messages map to which section of the guide) is one :class:`ExchangeSpec` value, built
from plain data in ``validator/exchanges/<id>.py``. Adding an exchange means writing one
such module and listing it in ``validator/exchanges/__init__.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

HEX_LOWER = "0123456789abcdef"
HEX_UPPER = "0123456789ABCDEF"
DIGITS_LOWER = "0123456789abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class Group:
    """One run of characters between separators, e.g. eight lowercase hex digits."""

    length: int
    alphabet: str
    alphabet_name: str  # how a message names it: "a hexadecimal digit (0-9, a-f)"


@dataclass(frozen=True)
class Shape:
    """A layout a credential may have: groups joined by ``separator``."""

    groups: tuple[Group, ...]
    separator: str = "-"

    @property
    def layout(self) -> str:
        """Group lengths joined by hyphens, e.g. ``8-8-8-5``."""
        return "-".join(str(g.length) for g in self.groups)

    @property
    def total_length(self) -> int:
        return sum(g.length for g in self.groups) + len(self.separator) * (len(self.groups) - 1)


@dataclass(frozen=True)
class Credential:
    """What one credential field (API key or secret) must look like."""

    field: str  # "api_key" | "secret_key"
    label: str  # the exchange's own name for it, shown in messages
    shapes: tuple[Shape, ...]
    shape_description: str  # "4 groups of lowercase hex, 8-8-8-5, joined by hyphens"
    # The hint under the checker's field; empty: a generic one naming the exchange.
    hint: str = ""


@dataclass(frozen=True)
class Permission:
    """One checkbox of the exchange's API-key form and the policy the guide gives it.

    ``required`` permissions missing raise ``missing_code``; ``enabled_code`` fires when
    a box that should stay unticked is ticked; ``scopes`` restricts ``missing_code`` to
    the listed trading scopes and makes ``unneeded_code`` fire for the other scopes.
    ``reported_as`` holds the values the exchange's API reports for this permission when
    asked about a key (``keycheck verify``); empty when its API reports none.
    """

    name: str
    label: str
    missing_code: str | None = None
    enabled_code: str | None = None
    unneeded_code: str | None = None
    scopes: tuple[str, ...] | None = None
    reported_as: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExplainRule:
    """Error text that a guide section fixes.

    A rule matches when any of ``phrases`` occurs in the text (case-insensitively), or
    when all of ``all_phrases`` do, or when a numeric error code in ``codes`` is seen in
    an ``err_code``/``code`` field. ``fallback`` rules count only when no other rule
    matched. ``extract_ip`` reads the IP address that follows the matched phrase.
    """

    section: str
    phrases: tuple[str, ...] = ()
    all_phrases: tuple[str, ...] = ()
    codes: tuple[int, ...] = ()
    extract_ip: bool = False
    fallback: bool = False


@dataclass(frozen=True)
class NotKeyCategory:
    """A kind of exchange error that no key, permission or guide step can fix.

    ``explain`` answers such a message with "not a key problem", the category's
    ``title`` and ``explanation``, and the errors index, instead of a guide section.
    """

    id: str  # "insufficient-balance"
    title: str  # "Insufficient balance"
    explanation: str  # what the message means and who can act on it


@dataclass(frozen=True)
class ExchangeSpec:
    """Every fact about one exchange that the checks and ``explain`` rely on."""

    id: str
    name: str
    guide_path: str  # site path of the walkthrough, e.g. "htx/"
    errors_page: str  # site path of the errors page, e.g. "htx/errors/"
    api_key: Credential
    secret_key: Credential
    example_values: tuple[str, ...]  # exact values printed in the exchange's docs
    placeholder_markers: tuple[str, ...]  # substrings that betray a placeholder
    masked_markers: tuple[str, ...]  # substrings that betray a masked value
    # Field labels a trader may copy along with a value -> the credential each names
    # ("api_key" | "secret_key" | None); iterating gives the labels themselves.
    labels: Mapping[str, str | None]
    self_generated_markers: tuple[str, ...]  # betray a self-generated key pair
    permissions: tuple[Permission, ...]
    scopes: tuple[str, ...]
    ip_limit: int
    ipv6_networks_allowed: bool
    inactive_days_without_ip: int
    fixes: dict[str, str]  # finding code -> concrete fix, in the exchange's own terms
    explain_rules: tuple[ExplainRule, ...]
    explain_fixes: dict[str, str]  # guide section id -> fix for that exchange error
    explain_messages: dict[str, tuple[str, ...]]  # section id -> verbatim messages
    # Messages that are not about the key: rules whose ``section`` is a category id.
    not_key_categories: tuple[NotKeyCategory, ...] = ()
    not_key_rules: tuple[ExplainRule, ...] = ()
    not_key_messages: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # fact -> where it comes from
    # Words of a label that names the secret ("Secret Key:", "HUOBI_SECRET_KEY="): a value
    # copied with such a label is secret material whatever field it was pasted into.
    secret_label_words: tuple[str, ...] = ()
    # The exchange's own hosts the guide may link to (its website, its API addresses).
    official_hosts: tuple[str, ...] = ()
    # A third secret some exchanges add (a passphrase chosen by the trader); the checker
    # shows a field for it only when the exchange has one.
    passphrase: Credential | None = None
    # Ids of finding_codes.SECTIONS that the exchange's errors page has; empty: derived from
    # the data (the parent sections of the codes in ``fixes`` and the sections of
    # ``explain_fixes``), so an exchange never lists another exchange's sections.
    error_sections: tuple[str, ...] = ()
    # Words that only this exchange's error texts carry (header names, host names), used
    # to tell which exchange a pasted error comes from when none is given.
    recognition_markers: tuple[str, ...] = ()

    def credential(self, name: str) -> Credential:
        return self.api_key if name == "api_key" else self.secret_key

    @property
    def reported_permissions(self) -> dict[str, Permission]:
        """Each value the exchange's API reports for a key's permissions -> its permission."""
        return {value: perm for perm in self.permissions for value in perm.reported_as}

    @property
    def input_fields(self) -> tuple[str, ...]:
        """The credential fields of this exchange's form, in order."""
        names = (self.api_key.field, self.secret_key.field)
        return names + ((self.passphrase.field,) if self.passphrase is not None else ())
