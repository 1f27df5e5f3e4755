"""Labels and wrappers as traders really paste them, peeled off before the value is judged.

Each row is a paste collected from the ways keys travel: password-manager fields and
exports, spreadsheet cells and rows, chat apps, ``.env`` files and shells, Chinese and
Japanese input methods. The scanner must recover exactly the value, say which label it
removed, and say which credential that label names (the support summary must never
preview a value whose label names the secret). The keys are made up in HTX's shapes.
"""

from __future__ import annotations

import keycheck
import pytest
from keycheck.exchanges.htx import LABELS
from keycheck.textscan import scan

KEY = "7d3f9a21-qb4r8t2m6x-9e0c4b7a-5f1d2"
SECRET = "3e8b1c7f-0a9d4e62-b5f7c3a1-8d2e4"
FW = "\uff1a"  # FULLWIDTH COLON, what Chinese and Japanese input methods type

# (where it comes from, raw paste, value, label the message names, credential it names)
LABELLED = [
    # Password managers: a field copied with its name, a secure note, an export line.
    ("1Password field with name", f"API Key: {KEY}", KEY, "API Key", "api_key"),
    ("Bitwarden note, tab", f"Secret Key\t{SECRET}", SECRET, "Secret Key", "secret_key"),
    ("KeePass note, CRLF", f"Access Key: {KEY}\r\n", KEY, "Access Key", "api_key"),
    ("note with Markdown bold", f"**Secret Key:** `{SECRET}`", SECRET, "Secret Key", "secret_key"),
    # Spreadsheets: a labelled row copied as tab-separated cells.
    ("spreadsheet row", f"API Key\t{KEY}\r\n", KEY, "API Key", "api_key"),
    ("spreadsheet row, quoted", f'Secret\t"{SECRET}"', SECRET, "Secret", "secret_key"),
    # Chat apps: the sentence around the value.
    ("chat sentence", f"Your API Key: {KEY}", KEY, "API Key", "api_key"),
    ("chat sentence", f"Here is your secret key: {SECRET}", SECRET, "Secret Key", "secret_key"),
    ("chat, 'is'", f"my secret key is {SECRET}", SECRET, "Secret Key", "secret_key"),
    ("chat, bracketed label", f"[API Key] {KEY}", KEY, "API Key", "api_key"),
    ("chat, full stop", f"My API key is {KEY}.", KEY, "API Key", "api_key"),
    (
        "WeChat, ideographic full stop",
        f"你的密钥是{FW}{SECRET}\u3002",
        SECRET,
        "密钥",
        "secret_key",
    ),
    ("generic 'key'", f"key: {KEY}", KEY, "Key", None),
    # .env files, shells, config files.
    (".env line", f"HTX_API_KEY={KEY}", KEY, "API Key", "api_key"),
    ("bash export", f'export HUOBI_SECRET_KEY="{SECRET}"', SECRET, "Secret Key", "secret_key"),
    ("cmd set", f"set HTX_API_KEY={KEY}", KEY, "API Key", "api_key"),
    ("cmd setx", f'setx HTX_SECRET_KEY "{SECRET}"', SECRET, "Secret Key", "secret_key"),
    ("PowerShell", f'$env:HTX_API_KEY = "{KEY}"', KEY, "API Key", "api_key"),
    ("JSON member", f'"secretKey": "{SECRET}",', SECRET, "Secret Key", "secret_key"),
    ("YAML", f"api_key: {KEY}", KEY, "API Key", "api_key"),
    ("Python", f"access_key = '{KEY}'", KEY, "Access Key", "api_key"),
    ("ccxt config", f"'apiKey': '{KEY}',", KEY, "API Key", "api_key"),
    ("HTX request parameter", f"AccessKeyId={KEY}", KEY, "Access Key ID", "api_key"),
    # Chinese input methods: full-width colons, labels without spaces, the copula.
    ("Chinese, full-width colon", f"API密钥{FW}{KEY}", KEY, "API密钥", None),
    ("Chinese 秘钥", f"秘钥: {SECRET}", SECRET, "秘钥", "secret_key"),
    ("Chinese 访问密钥", f"访问密钥{FW}{KEY}", KEY, "访问密钥", "api_key"),
    ("Chinese 密钥为", f"密钥为{FW}{SECRET}", SECRET, "密钥", "secret_key"),
    ("Chinese sentence", f"您的API Key是{FW}{KEY}", KEY, "API Key", "api_key"),
    ("Chinese, brackets", f"【API Key】{FW}{KEY}", KEY, "API Key", "api_key"),
    # Japanese input methods (labels of Huobi Japan's API reference and common UIs).
    ("Japanese APIキー", f"APIキー{FW}{KEY}", KEY, "APIキー", "api_key"),
    ("Japanese アクセスキー", f"アクセスキー: {KEY}", KEY, "アクセスキー", "api_key"),
    (
        "Japanese シークレットキー",
        f"シークレットキー{FW}{SECRET}",
        SECRET,
        "シークレットキー",
        "secret_key",
    ),
    ("Japanese 秘密鍵", f"秘密鍵{FW}{SECRET}", SECRET, "秘密鍵", "secret_key"),
    (
        "Japanese heading",
        f"【シークレットキー】\n{SECRET}",
        SECRET,
        "シークレットキー",
        "secret_key",
    ),
]


@pytest.mark.parametrize(
    ("source", "raw", "value", "label", "names"), LABELLED, ids=[r[1][:24] for r in LABELLED]
)
def test_label_is_peeled_and_named(
    source: str, raw: str, value: str, label: str, names: str | None
) -> None:
    s = scan(raw, LABELS)
    assert s.clean == value, source
    assert s.label == label, source
    assert s.label_names == names, source
    assert s.wrapper is not None and f'the label "{label}"' in s.wrapper.parts


@pytest.mark.parametrize(
    ("source", "raw", "value", "label", "names"), LABELLED, ids=[r[1][:24] for r in LABELLED]
)
def test_check_reports_the_label_and_judges_the_value_itself(
    source: str, raw: str, value: str, label: str, names: str | None
) -> None:
    """A real paste is wrapped, not an example: "your" in "Your API Key:" is no placeholder."""
    field = "api_key" if value == KEY else "secret_key"
    other = {"secret_key": SECRET} if field == "api_key" else {"api_key": KEY}
    result = keycheck.check({"exchange": "htx", field: raw, **other})
    mine = [f for f in result["findings"] if f.get("field") == field]
    codes = {f["code"] for f in mine}
    assert "wrapped-value" in codes, (source, codes)
    assert codes.isdisjoint({"example-value", "bad-format", "empty"}), (source, codes)
    wrapped = next(f for f in mine if f["code"] == "wrapped-value")
    assert f'the label "{label}"' in wrapped["message"]


def test_shell_command_is_named_too() -> None:
    s = scan(f'export HUOBI_SECRET_KEY="{SECRET}"', LABELS)
    assert s.wrapper is not None
    assert s.wrapper.parts == ('the shell command "export"', 'the label "Secret Key"', "quotes")


def test_a_label_naming_the_secret_wins_over_one_naming_the_key() -> None:
    s = scan(f'API Key: "Secret Key: {SECRET}"', LABELS)
    assert s.clean == SECRET
    assert s.label == "API Key"
    assert s.label_names == "secret_key"


# Words that end like a label but are not one, and labels that are not followed by a
# value: nothing is peeled, the value is judged as pasted.
NOT_LABELS = [
    f"donkey: {KEY}",  # "key" must be a whole word
    f"monkey={KEY}",
    "API Key:",  # a label alone is not a label of anything
    f"{KEY} API Key:",
    KEY,
]


# Key and secret pasted into one field, as HTX's "key created" dialog, a spreadsheet row
# or a chat message carries them: the key is never swallowed as words of a label, and
# the label of the secret inside the value is reported with what it names.
TWO_VALUES = [
    (f"Access Key\n{KEY}\nSecret Key\n{SECRET}", "Access Key", KEY),
    (f"API Key: {KEY}\nSecret Key: {SECRET}\n", "API Key", KEY),
    (f"{KEY}\tSecret Key: {SECRET}", None, KEY),
    (f"{KEY}\r\nSecret: {SECRET}", None, KEY),
    (f"访问密钥{FW}{KEY}\n秘钥{FW}{SECRET}", "访问密钥", KEY),
]


@pytest.mark.parametrize(("raw", "label", "starts"), TWO_VALUES)
def test_secret_label_inside_the_value_is_reported(
    raw: str, label: str | None, starts: str
) -> None:
    s = scan(raw, LABELS)
    assert s.label == label
    assert s.label_names != "secret_key"  # the label at the start names the key, or none
    assert s.clean is not None and s.clean.startswith(starts)
    assert s.inner_names == {"secret_key"}
    inner = s.inner_labels[0]
    assert raw[inner.end :].strip() == SECRET


def test_no_inner_labels_in_a_plain_value_or_two_bare_values() -> None:
    assert scan(KEY, LABELS).inner_labels == ()
    assert scan(f"{KEY} {SECRET}", LABELS).inner_labels == ()


def test_an_ellipsis_is_not_peeled_it_may_mark_a_cut_value() -> None:
    s = scan(f"API Key: {KEY[:20]}...", LABELS)
    assert s.clean == KEY[:20] + "..."


@pytest.mark.parametrize("raw", NOT_LABELS)
def test_no_label_where_there_is_none(raw: str) -> None:
    s = scan(raw, LABELS)
    assert s.label is None
    assert s.label_names is None


def test_plain_label_list_still_works_and_names_nothing() -> None:
    """Callers that pass labels as a plain list (the old interface) still get peeling."""
    s = scan(f"Secret Key: {SECRET}", ["Secret Key"])
    assert s.clean == SECRET
    assert s.label == "Secret Key"
    assert s.label_names is None


def test_label_search_is_bounded() -> None:
    """A megabyte of words before a label is not searched: the cost stays constant."""
    raw = "word " * 200_000 + f"API Key: {KEY}"
    s = scan(raw, LABELS)
    assert s.label is None


# Brackets and quotes of every script around a value: (raw, what the message calls them).
BRACKETS = [
    (f"\u2039{KEY}\u203a", "quotes"),  # single angle quotation marks
    (f"\u00ab{KEY}\u00bb", "quotes"),  # guillemets
    (f"\u00bb{KEY}\u00ab", "quotes"),  # German-style reversed guillemets
    (f"\u201c{KEY}\u201d", "quotes"),
    (f"\u201e{KEY}\u201c", "quotes"),  # German low-high quotes
    (f"\u300c{KEY}\u300d", "quotes"),  # corner brackets (Japanese quotes)
    (f"\u300e{KEY}\u300f", "quotes"),  # white corner brackets
    (f"\uff62{KEY}\uff63", "quotes"),  # half-width corner brackets
    (f"\uff02{KEY}\uff02", "quotes"),  # full-width quotation marks
    (f"\u300a{KEY}\u300b", "brackets"),  # double angle brackets (Chinese titles)
    (f"\u3008{KEY}\u3009", "brackets"),  # angle brackets
    (f"\u3010{KEY}\u3011", "brackets"),  # black lenticular brackets
    (f"\u3014{KEY}\u3015", "brackets"),  # tortoise shell brackets
    (f"\u3016{KEY}\u3017", "brackets"),  # white lenticular brackets
    (f"\uff08{KEY}\uff09", "brackets"),  # full-width parentheses
    (f"\uff3b{KEY}\uff3d", "brackets"),  # full-width square brackets
    (f"\uff5b{KEY}\uff5d", "brackets"),  # full-width curly brackets
    (f"\uff1c{KEY}\uff1e", "brackets"),  # full-width angle brackets
    (f"\u27e8{KEY}\u27e9", "brackets"),  # mathematical angle brackets
    (f"<{KEY}>", "brackets"),
    (f"`{KEY}`", "backticks"),
    (f"```\n{KEY}\n```", "backticks"),  # a Discord or Slack code block
    (f"\uff40{KEY}\uff40", "backticks"),  # full-width grave accents
]


@pytest.mark.parametrize(("raw", "word"), BRACKETS, ids=[f"U+{ord(r[0][0]):04X}" for r in BRACKETS])
def test_brackets_of_every_script_are_peeled(raw: str, word: str) -> None:
    s = scan(raw, LABELS)
    assert s.clean == KEY
    assert s.wrapper is not None and s.wrapper.parts == (word,)
    result = keycheck.check({"exchange": "htx", "api_key": raw, "secret_key": SECRET})
    codes = [f["code"] for f in result["findings"] if f.get("field") == "api_key"]
    assert codes == ["wrapped-value"]
