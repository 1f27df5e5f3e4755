"""HTX (formerly Huobi): every fact the checks and ``explain`` use, with its source.

HTX does not publish the format of its keys. The shapes below are inferred from every
key printed in HTX's own API documentation (huobiapi docs, spot and futures) and in its
official SDKs (HuobiRDCenter/huobi_* tests and examples). Nothing else in the package
mentions HTX: the rules engine reads this module through ``keycheck.exchanges``.
"""

from __future__ import annotations

from .spec import (
    DIGITS_LOWER,
    HEX_LOWER,
    Credential,
    ExchangeSpec,
    ExplainRule,
    Group,
    NotKeyCategory,
    Permission,
    Shape,
)

HEX = "a lowercase hexadecimal digit (0-9, a-f)"
CODE = "a lowercase letter or digit"


def _hex(n: int) -> Group:
    return Group(n, HEX_LOWER, HEX)


# Secret Key: 4 groups of lowercase hex, 8-8-8-5, joined by hyphens (32 characters).
# Source: every secret printed by HTX, e.g. "c405c550-6fa0583b-fb4bc38e-d317e" in the
# response example of POST /v2/sub-user/api-key-generation (huobiapi docs, spot v1).
SECRET_SHAPE = Shape((_hex(8), _hex(8), _hex(8), _hex(5)))

# Access Key: the same 8-8-8-5 hex layout, or that layout with one of its four groups
# replaced by a 10-character [0-9a-z] code, in any position: 34 characters, 37 when the
# code is last. Sources: "2b55df29-vf25treb80-1535713d-8aea2" (huobiapi docs, sub-user
# API key generation), "f70d805f-2467cb8a-3d40d7bd-a50f7" (huobiapi docs, signature
# example), keys with the code first or third in HTX SDK examples and tests.
_CODE_GROUP = Group(10, DIGITS_LOWER, CODE)
ACCESS_KEY_SHAPES = (
    SECRET_SHAPE,
    *(
        Shape(tuple(_CODE_GROUP if i == pos else g for i, g in enumerate(SECRET_SHAPE.groups)))
        for pos in range(4)
    ),
)

API_KEY = Credential(
    field="api_key",
    label="API Key",  # HTX calls it "Access Key"; the guide and the form say "API Key"
    shapes=ACCESS_KEY_SHAPES,
    shape_description=(
        "4 groups joined by hyphens: lowercase hex 8-8-8-5, where one group may instead "
        "be a 10-character code of lowercase letters and digits"
    ),
)
SECRET_KEY = Credential(
    field="secret_key",
    label="Secret Key",
    shapes=(SECRET_SHAPE,),
    shape_description="4 groups of lowercase hex, 8-8-8-5, joined by hyphens (32 characters)",
)

EXAMPLE_VALUES = (
    # Placeholder Access Key and Secret Key of the signature walkthrough in HTX's API
    # docs (spot, futures, swaps, options: "Signature Method" / 签名步骤).
    "e2xxxxxx-99xxxxxx-84xxxxxx-7xxxx",
    "b0xxxxxx-c6xxxxxx-94xxxxxx-dxxxx",
    # Response example of POST /v2/sub-user/api-key-generation (huobiapi docs, spot v1).
    "2b55df29-vf25treb80-1535713d-8aea2",
    "c405c550-6fa0583b-fb4bc38e-d317e",
    # Request example with AccessKeyId in HTX's signature docs (PrivateSignature section).
    "f70d805f-2467cb8a-3d40d7bd-a50f7",
)

# Substrings (compared case-insensitively, after cleaning) that no real key contains:
# the "x" runs of HTX's placeholders and the words of generic ones ("your API key").
PLACEHOLDER_MARKERS = ("xxxx", "your", "example", "placeholder", "apikey", "secretkey")
# HTX masks hidden characters with asterisks; some password managers use bullets.
MASKED_MARKERS = ("***", "\u2022\u2022\u2022", "\u25cf\u25cf\u25cf")

# Labels a trader copies along with a value, each with the credential it names
# ("api_key", "secret_key", or None when it does not say which). The scanner matches
# them as words, ignoring case, spaces, underscores, hyphens and camelCase, at the end of
# a run of words and before ":", "=", "is" or "是": "Secret Key:", "Your API Key:",
# "HTX_API_KEY=", "export HUOBI_SECRET_KEY=", "\"apiKey\":" and "API密钥:" all match.
# Sources: HTX's API management page and English docs show "Access Key" and "Secret Key",
# requests carry "AccessKeyId" (huobiapi docs, spot v1 en, "Signing API Requests");
# HTX's Chinese docs: "AccessKey为API 访问密钥，SecretKey为用户对请求进行签名的密钥"  # noqa: RUF003 - verbatim
# (huobiapi docs, spot v1 cn, 签名认证: https://huobiapi.github.io/docs/spot/v1/cn/);
# Huobi Japan's API reference: "AccessKey | アクセスキー", "SecretKey | 署名時に必要な秘密鍵",
# "秘密キー(SecretKey)" (https://github.com/FireCoinJp/api-docs, source/includes/
# _rest_api.md, "API KEYの申請"). The other spellings are those of code, config files
# and other exchanges' pages that traders copy from ("API Secret", "シークレットキー").
# "密钥"/"秘钥" (the common misspelling) alone and "私钥" are read as the secret, as HTX's
# Chinese docs use 密钥 for the signing key; "API密钥" names the pair, so neither.
LABELS: dict[str, str | None] = {
    "API Key": "api_key",
    "Access Key": "api_key",
    "Access Key ID": "api_key",
    "API Access Key": "api_key",
    "访问密钥": "api_key",
    "API访问密钥": "api_key",
    "公钥": "api_key",
    "APIキー": "api_key",
    "アクセスキー": "api_key",
    "Secret Key": "secret_key",
    "API Secret": "secret_key",
    "API Secret Key": "secret_key",
    "Secret": "secret_key",
    "Private Key": "secret_key",
    "密钥": "secret_key",
    "秘钥": "secret_key",
    "私钥": "secret_key",
    "签名密钥": "secret_key",
    "シークレットキー": "secret_key",
    "シークレット": "secret_key",
    "秘密鍵": "secret_key",
    "秘密キー": "secret_key",
    "API秘密": "secret_key",
    "Key": None,
    "API密钥": None,
    "API秘钥": None,
    "API Credentials": None,
}

# Words that make a label name the secret rather than the key ("Secret Key", HTX's
# Chinese "私钥"/"秘钥", "HUOBI_SECRET_KEY", Japanese "シークレットキー", "秘密鍵"): a value
# pasted with such a label is never previewed, whichever field it is in.
SECRET_LABEL_WORDS = ("secret", "private", "私钥", "秘钥", "签名密钥", "シークレット", "秘密")

# HTX also offers self-generated Ed25519 key pairs: the trader uploads a public key and
# signs with the private key (huobiapi docs, "Ed25519 Signature Method"). Pasting that
# private key (PEM, or its base64 body) as the Secret Key cannot work with the platform.
# "MC4CAQAwBQYDK2Vw" / "MCowBQYDK2VwAyEA" start the base64 DER of every Ed25519 private /
# public key (RFC 8410, PKCS #8 and SubjectPublicKeyInfo encodings).
SELF_GENERATED_MARKERS = ("-----BEGIN", "PRIVATE KEY-----", "MC4CAQAwBQYDK2Vw", "MCowBQYDK2VwAyEA")

# The guide's checklist (Step 4 of htx/): labels as HTX's form shows them. HTX's API
# names them readOnly / trade / withdraw (the comma-separated ``permission`` of GET
# /v2/user/api-key, which ``keycheck verify`` reads: ``reported_as``); the guide keeps
# the form's separate "Futures / Swap Trade" and "Asset Transfer" boxes.
PERMISSIONS = (
    Permission("read", "Read", missing_code="read-missing", reported_as=("readOnly",)),
    Permission("trade", "Trade", missing_code="trade-missing", reported_as=("trade",)),
    Permission(
        "futures_trade",
        "Futures / Swap Trade",
        missing_code="futures-missing",
        unneeded_code="futures-unneeded",
        scopes=("futures", "both"),
    ),
    Permission("withdraw", "Withdraw", enabled_code="withdraw-enabled", reported_as=("withdraw",)),
    Permission("transfer", "Asset Transfer", enabled_code="transfer-enabled"),
)
SCOPES = ("spot", "futures", "both")

# "最多绑定20个 ... 如果未绑定任何IP地址, API key有效期仅为90天" and "API key绑定的IPv4/IPv6主机地址
# 或IPv4网络地址" (huobiapi docs, POST /v2/sub-user/api-key-generation, ipAddresses);
# HTX's API-key page: keys with trade permission and no bound IP are deactivated after
# 90 days without use. The same parameter says "多个IP地址用半角逗号分隔，如：192.168.1.1,  # noqa: RUF003 - verbatim
# 202.106.96.0/24": several addresses are separated by half-width (ASCII) commas, and
# networks are written in CIDR notation. HTX publishes no shortest prefix for an IPv4
# network; what counts as too broad is the checker's policy (keycheck.rules.ip).
IP_LIMIT = 20
IPV6_NETWORKS_ALLOWED = False
INACTIVE_DAYS_WITHOUT_IP = 90

MANAGEMENT = "HTX > Profile > API Management"

FIXES = {
    "empty": "Copy the value from HTX again and paste it into this field.",
    "whitespace": (
        "Delete the spaces and line breaks, or paste again: copy with HTX's copy button "
        "rather than by selecting the text."
    ),
    "invisible-character": (
        "Delete the value and type or paste it again from HTX: the invisible character "
        "came with the copy (chat apps and documents add them)."
    ),
    "lookalike-character": (
        "Copy the value straight from HTX: it contains only ASCII hex digits, lowercase "
        "letters and hyphens. Do not retype it through a translator or document."
    ),
    "wrapped-value": (
        "Paste only the value itself, without the label, quotes, brackets or backticks "
        "around it, and without the spaces next to them."
    ),
    "bad-format": (
        f"Copy the complete value again from {MANAGEMENT}. The Secret Key is shown only "
        "when the key is created: if you no longer have it, delete the key and create a "
        "new one."
    ),
    "example-value": (
        f"Use your own key from {MANAGEMENT}, not the example from a guide or HTX's API "
        "documentation, and not the masked form HTX shows later."
    ),
    "duplicated-paste": "Clear the field and paste the value once.",
    "two-values-in-one-field": (
        "Paste each value into its own field: the Access Key into API Key and the Secret "
        "Key into Secret Key. Copy them one at a time with HTX's copy buttons rather than "
        "copying the whole dialog or a spreadsheet row."
    ),
    "swapped-fields": (
        "Swap the two values: HTX's Access Key goes into the API Key field and the Secret "
        "Key into the Secret Key field."
    ),
    "same-as-key": (
        "Paste the Secret Key (shown next to the Access Key when the key was created) "
        "into the Secret Key field."
    ),
    "self-generated-key": (
        "Create a new key with the 'System generated' option in HTX API Management and "
        "paste its Access Key and Secret Key; never paste a private key anywhere."
    ),
    "withdraw-enabled": (
        f"Edit the key in {MANAGEMENT} and untick Withdraw: the platform never needs it, "
        "and without it a leaked key cannot move funds off HTX."
    ),
    "transfer-enabled": (
        f"Untick Asset Transfer in {MANAGEMENT} unless the platform's instructions ask for it."
    ),
    "read-missing": f"Tick Read for the key in {MANAGEMENT}.",
    "trade-missing": f"Tick Trade for the key in {MANAGEMENT}.",
    "futures-missing": (
        f"Tick Futures / Swap Trade in {MANAGEMENT}, and open HTX's contracts account "
        "if you have not yet."
    ),
    "futures-unneeded": (
        f"For spot trading only, untick Futures / Swap Trade in {MANAGEMENT}: a key "
        "should have no permission it does not use."
    ),
    "ip-restriction-off": (
        "Bind the platform's server IP addresses to the key (Step 5 of the guide): the "
        "key then cannot be used from anywhere else, and HTX does not deactivate it."
    ),
    "ip-invalid": (
        "Enter each address as HTX accepts it: an IPv4 or IPv6 address such as "
        "203.0.113.7, or an IPv4 network such as 202.106.96.0/24, typed in plain ASCII "
        "(half-width) digits and dots and separated by commas, without labels, ports, "
        "zone ids, leading zeros or URLs. The message above says what to change."
    ),
    "ip-not-public": (
        "Use the public IP addresses the platform publishes for its servers, not the "
        "address of your own computer or home network."
    ),
    "ip-duplicate": (
        "Remove the entry: the other entry named in the message already lets the same "
        f"address in, and each entry uses one of the {IP_LIMIT} HTX allows."
    ),
    "ip-too-broad": (
        "Replace the network with the addresses the platform publishes for its servers, "
        "or with the smallest network that holds them (a /24 such as 202.106.96.0/24 at "
        "most): anyone with an address inside a broad network can use the key."
    ),
    "ip-too-many": (
        f"HTX binds at most {IP_LIMIT} addresses to one key: keep the platform's own "
        "addresses, or cover them with an IPv4 network such as 202.106.96.0/24."
    ),
}

# Where the messages below come from. Every message is quoted verbatim from one of these,
# named next to it: HTX's own API documentation, or a body a trader posted publicly.
SPOT_DOCS = "https://huobiapi.github.io/docs/spot/v1/en/"  # spot v1 (REST, WebSocket v2)
USDT_SWAP_DOCS = "https://huobiapi.github.io/docs/usdt_swap/v1/en/"  # USDT-M error codes
CCXT_HTX = "https://github.com/ccxt/ccxt/blob/master/ts/src/htx.ts"  # exceptions table
CCXT_HTX_WS = "https://github.com/ccxt/ccxt/blob/master/ts/src/pro/htx.ts"  # WebSocket

# The error sections of htx/errors/ that explain points to, with the messages that HTX
# returns for each: spot REST bodies {"status":"error","err-code":"api-signature-not-valid",
# "err-msg":"Signature not valid: <English> [<Chinese>]"} (huobiapi docs, spot v1, error
# codes of the signature check 12001-12011 and their texts), futures/swap bodies
# {"status":"error","err_code":<n>,"err_msg":"..."} (huobiapi docs, dm / swap / usdt_swap
# error code tables), spot v2 bodies {"code":<n>,"message":"..."} and WebSocket v2 replies
# {"action":"req","code":2002,"ch":"auth","message":"<text>"} (SPOT_DOCS, "Error Code" of
# the WebSocket asset and order channels: 2000 invalid.ip "The IP is invalid", 2001
# missing.param.auth "Parameter auth is missing", 2002 invalid.auth.state "Authentication
# state is invalid", 2002 auth.fail "Authentication failed, including wrong IP address
# binding in API Key").
EXPLAIN_MESSAGES = {
    "invalid-api-key-or-secret": (
        "Signature not valid: Incorrect Access key [Access key错误]",
        "Signature not valid: Verification failure [校验失败]",
        "Signature not valid: Incorrect Private Key signature [Private Key签名错误]",
        "Signature not valid: Incorrect Public key [Public key错误]",
        "12007 Incorrect public key.",
        "12008 Verification failed.",
        "login-required: The account is not logged in, please log in and try again.",
        "api-signature-not-valid",
        # An err-code ccxt maps to AuthenticationError (CCXT_HTX), quoted with no text.
        "api-signature-check-failed",
        # Spot v2 body, ccxt issue 16319; v2 code 1003 is "unauthorized: Signature is
        # wrong" in SPOT_DOCS (sub-user management error codes).
        '{"code":1003,"message":"invalid signature"}',
        # WebSocket v2 auth reply (SPOT_DOCS): also the IP section, as HTX's text says.
        "auth.fail",
    ),
    "permission-denied": (
        "1113 The sub-account does not have transaction permissions. Please login main "
        "account to authorize.",
        "1114 The sub-account does not have transfer permissions. Please login main "
        "account to authorize.",
        "1109 Sub-account doesn't own the permissions to open positions. Please contact "
        "customer service.",
        # CCXT_HTX, exceptions "broad": the whole body it was seen in.
        "Signature not valid: API key has no permission [API Key没有权限]",
    ),
    "ip-restriction-error": (
        "Signature not valid: Incorrect IP address [IP地址错误]:<the IP address HTX saw>",
        "12005 Incorrect IP address.",
        # WebSocket v2 (SPOT_DOCS): 2000 "The IP is invalid"; 2002 auth.fail, see above.
        "invalid.ip",
        "auth.fail",
    ),
    "clock-out-of-sync": (
        "Signature not valid: Invalid submission time or incorrect time format "
        "[无效的提交时间，或时间格式错误]",  # noqa: RUF001 - verbatim
        "12001 Invalid submission time.",
    ),
    "key-expired": (
        "Signature not valid: API key has expired [API Key已经过期]",
        "12004 Private key is expired.",
    ),
    "contracts-not-opened": (
        "1220 You don\u2019t have access permission as you have not opened contracts trading.",
        "您尚未开通合约交易，无访问权限",  # noqa: RUF001 - verbatim
        # contract_account_info without a contracts account: ccxt pull request 12469
        # and CCXT_HTX ('1010': AccountNotEnabled).
        "1010 Account doesnt exist.",
    ),
    "account-mode-unsupported": (
        # USDT-M v1 account endpoints on a unified account: ccxt issues 16543, 17058,
        # 17875, 28884 (June 2026), huobi_Python issue 141, HTX.Net issues 122, 133.
        "4002 The merged cross and isolated margin account for USDT-M futures is "
        "unavailable.Please complete the query with linear-swap-api/v3/unified_account_info",
        # Placing an order from the old API on a unified account: ccxt issue 17910 (the
        # body as far as its title quotes it).
        "1510 Since you are the merged cross and isolated margin account for USDT-M "
        "futures , you cannot use the APIs.",
        # An order through the old USDT-M interface once HTX's migration to its new API
        # had begun (26 May to 13 July 2026): ccxt issue 28732, 31 May 2026.
        "6023 The new feature is temporarily unavailable.",
        # Unified-account-only endpoint on a classic account: CCXT_HTX ('4007'), and the
        # same on a WebSocket topic: CCXT_HTX_WS (handleErrorMessage).
        "4007 Unified account special interface, non - one account is not available",
        "4007 Non - single account user is not available, please check through the cross "
        "and isolated account asset interface",
    ),
    "platform-signing-error": (
        # USDT_SWAP_DOCS (and the other futures and options error tables): error codes
        # 12002, 12003, 12006.
        "12002 Incorrect signature version.",
        "12003 Incorrect signature method.",
        "12006 The submission time can't be empty.",
        # WebSocket v2 (SPOT_DOCS): 2002 "Authentication state is invalid", 2001
        # "Parameter auth is missing".
        "invalid.auth.state",
        "missing.param.auth",
    ),
    "account-locked": (
        # USDT_SWAP_DOCS (and the other futures and options error tables): code 12009.
        "12009 The user is locked or doesn't exist.",
    ),
}

EXPLAIN_RULES = (
    ExplainRule(
        "ip-restriction-error",
        phrases=("incorrect ip address", "ip地址错误", "invalid.ip", "auth.fail"),
        codes=(12005,),
        extract_ip=True,
    ),
    ExplainRule(
        "clock-out-of-sync",
        phrases=(
            "invalid submission time",
            "incorrect time format",
            "无效的提交时间",
            "时间格式错误",
        ),
        all_phrases=("invalid", "timestamp"),
        codes=(12001,),
    ),
    ExplainRule(
        "key-expired",
        phrases=("api key has expired", "api key已经过期", "private key is expired"),
        codes=(12004,),
    ),
    ExplainRule(
        "contracts-not-opened",
        phrases=("not opened contracts trading", "尚未开通合约交易", "account doesnt exist"),
        codes=(1220, 1010),
    ),
    ExplainRule(
        "permission-denied",
        phrases=(
            "does not have transaction permissions",
            "does not have transfer permissions",
            "doesn't own the permissions",
            "permission denied",
            "api key has no permission",
            "api key没有权限",
        ),
        codes=(1109, 1110, 1111, 1112, 1113, 1114),
    ),
    ExplainRule(
        "account-mode-unsupported",
        phrases=(
            "merged cross and isolated margin account",
            "unified account special interface",
            "non - single account user is not available",
            "new feature is temporarily unavailable",
        ),
        codes=(4002, 4007, 1510, 6023),
    ),
    ExplainRule(
        "platform-signing-error",
        phrases=(
            "incorrect signature version",
            "incorrect signature method",
            "submission time can't be empty",
            "invalid.auth.state",
            "missing.param.auth",
        ),
        codes=(12002, 12003, 12006),
    ),
    ExplainRule(
        "account-locked",
        phrases=("user is locked or doesn't exist",),
        codes=(12009,),
    ),
    ExplainRule(
        "invalid-api-key-or-secret",
        phrases=(
            "incorrect access key",
            "access key错误",
            "verification failure",
            "verification failed",
            "校验失败",
            "incorrect public key",
            "public key错误",
            "incorrect private key signature",
            "private key签名错误",
            "login-required",
            "not logged in",
            "invalid signature",
            "auth.fail",
        ),
        codes=(12007, 12008, 12010, 12011, 1003),
    ),
    # "api-signature-not-valid" alone (a body whose message is cut off) most often means
    # a wrong key or secret; any more specific match above wins. ccxt lists
    # "api-signature-check-failed" as an authentication error too (CCXT_HTX).
    ExplainRule(
        "invalid-api-key-or-secret",
        phrases=("api-signature-not-valid", "signature not valid", "api-signature-check-failed"),
        fallback=True,
    ),
)

EXPLAIN_FIXES = {
    "invalid-api-key-or-secret": (
        "HTX does not recognise the key or the signature made with the secret. Copy the "
        "Access Key and Secret Key again (the Secret Key is shown only at creation: if "
        "you no longer have it, delete the key and create a new one), check them on the "
        "guide's checker, and paste them into the platform again."
    ),
    "permission-denied": (
        f"Edit the key in {MANAGEMENT} and tick the permissions the guide lists (Read, "
        "Trade, and Futures / Swap Trade for futures). For a sub-account key, the main "
        "account must also allow the sub-account to trade and transfer."
    ),
    "ip-restriction-error": (
        "HTX refused the request because it came from an IP address not bound to the "
        f"key. Add the platform's server addresses to the key in {MANAGEMENT} (Step 5 of "
        "the guide); the address HTX saw is the one to add."
    ),
    "clock-out-of-sync": (
        "The request's timestamp was too far from HTX's clock. If you run the software "
        "yourself, turn on automatic time (NTP) on that computer and retry; if the "
        "platform sends the request, tell its support."
    ),
    "key-expired": (
        "HTX deactivated the key: a key with trade permission and no bound IP address "
        f"expires after {INACTIVE_DAYS_WITHOUT_IP} days without use. Create a new key, "
        "bind the platform's IP addresses to it, and paste it into the platform."
    ),
    "contracts-not-opened": (
        "Open HTX's futures (contracts) account first: in the HTX app or website, go to "
        "Futures and complete the activation, then retry."
    ),
    "account-mode-unsupported": (
        "The key is fine: HTX refused the request because your USDT-M futures account is "
        "in a mode (the unified cross and isolated account, or multi-assets collateral) "
        "that the interface the platform called does not serve; HTX also replaced its "
        "USDT-M futures API between 26 May and 13 July 2026. Creating a new key will not "
        "help. Switch the futures account to the mode the platform supports, or ask the "
        "platform to support your account mode and HTX's new API."
    ),
    "platform-signing-error": (
        "The key is fine: HTX rejected the way the request was signed (the signature "
        "version, method or timestamp the software sent, or a WebSocket used before its "
        "login succeeded). Creating a new key will not help. Send this message to the "
        "platform's support; if you run the software yourself, update it."
    ),
    "account-locked": (
        "HTX says the account the key belongs to is locked or no longer exists (a frozen "
        "or deleted sub-account, for example). A new key will not help while it is "
        "locked: log in to HTX with that account (or the main account, for a "
        "sub-account), check its status, and contact HTX support if it is frozen."
    ),
}

# Messages that are not about the key at all: explain says so, points at the errors
# index, and the CLI exits 1. Each message below is quoted from CCXT_HTX (exceptions,
# each with the body it was seen in), from the issue named next to it, or from the
# docs named next to it.
NOT_KEY_CATEGORIES = (
    NotKeyCategory(
        "insufficient-balance",
        "Insufficient balance or margin",
        "The account does not hold enough of the asset (or margin) for this order or "
        "transfer. The key works: HTX checked the balance with it.",
    ),
    NotKeyCategory(
        "order-rejected",
        "Order size, price or limit",
        "HTX refused the order itself: its amount, total, price precision or position "
        "limit is outside what the market allows.",
    ),
    NotKeyCategory(
        "order-state",
        "Order not found or already closed",
        "The order the software asked about or tried to cancel does not exist or is "
        "already filled or cancelled.",
    ),
    NotKeyCategory(
        "unknown-symbol",
        "Unknown or closed market",
        "The market (symbol or contract) in the request does not exist on HTX or is not "
        "open for trading.",
    ),
    NotKeyCategory(
        "rate-limit",
        "Too many requests",
        "The software sent requests faster than HTX allows. Slow down or wait, then retry.",
    ),
    NotKeyCategory(
        "request-rejected",
        "Request parameters or service",
        "HTX refused a parameter of the request (such as an account id or a field "
        "value), or its service was unavailable. The software, not the key, has to change "
        "or retry.",
    ),
)

NOT_KEY_MESSAGES = {
    "insufficient-balance": (
        "account-frozen-balance-insufficient-error",
        "trade account balance is not enough, left: `0.0027`",
        "1047 Insufficient margin available.",
        "1048 Insufficient close amount available.",
        "Insufficient balance. You can only transfer `12.3456` at most.",
    ),
    "order-rejected": (
        "order-value-min-error: Order total cannot be lower than: 1 USDT",
        "order-orderprice-precision-error: order price precision error, scale: `4`",
        "1041 The order amount exceeds the limit (170000Cont), please modify and order again.",
        "1461 Current positions have triggered position limits (5000USDT). Please modify.",
        # ccxt issue 9212; CCXT_HTX lists 1039 with the same text.
        "1039 - Request failed: errMsg=Buy price must be lower than 33321.4USD. Sell price "
        "must exceed 32014.7USD.",
        "order-holding-limit-failed: Order failed, exceeded the holding limit of this currency",
    ),
    "order-state": (
        "order-orderstate-error: Incorrect order state",
        "1017 Order doesnt exist.",
        "1051 No orders to cancel.",
        "order-queryorder-invalid",
    ),
    "unknown-symbol": (
        "base-symbol-error: The symbol is invalid",
        "invalid symbol",
        "1013 This contract symbol doesnt exist.",
        "base-symbol-trade-disabled: Trading is disabled for this symbol",
        "symbol trade not open now",
    ),
    "rate-limit": (
        "base-request-exceed-frequency-limit: Frequency of requests has exceeded the "
        "limit, please try again later",
        "rate-too-many-requests: exceeded rate limit",
        "too.many.request",  # WebSocket v2 (SPOT_DOCS): 4000
        "invalid-parameter: request limit",
    ),
    "request-rejected": (
        "1030 Abnormal service. Please try again later.",  # hbdmapi/huobi_usdt_swap_Java#3
        "1067 The client_order_id field is invalid. Please re-enter.",
        "validation-format-error: Format Error: order-id.",
        # huobiapi/REST-PHP-demo#5 and HuobiRDCenter/huobi_CSharp#7: a wrong account-id.
        "account-get-balance-account-inexistent-error",
        "account-get-accounts-inexistent-error",
        "gateway-internal-error: Failed to load data. Try again later.",
        "system-maintenance: System is in maintenance!",
    ),
}

NOT_KEY_RULES = (
    ExplainRule(
        "insufficient-balance",
        phrases=(
            "balance-insufficient",
            "balance is not enough",
            "insufficient margin available",
            "insufficient close amount available",
            "dw-insufficient-balance",
            "insufficient balance. you can only transfer",
            "order-accountbalance-error",
        ),
        codes=(1047, 1048),
    ),
    ExplainRule(
        "order-rejected",
        phrases=(
            "order-value-min-error",
            "order total cannot be lower than",
            "order-orderprice-precision-error",
            "order-orderamount-precision-error",
            "order-limitorder-amount-min-error",
            "order-limitorder-amount-max-error",
            "order-marketorder-amount-min-error",
            "order amount exceeds the limit",
            "triggered position limits",
            "order-holding-limit-failed",
            "buy price must be lower than",
            "sell price must exceed",
        ),
        codes=(1039, 1041, 1461),
    ),
    ExplainRule(
        "order-state",
        phrases=(
            "order-orderstate-error",
            "incorrect order state",
            "order-queryorder-invalid",
            "order doesnt exist",
            "no orders to cancel",
            "base-record-invalid",
        ),
        codes=(1017, 1051),
    ),
    ExplainRule(
        "unknown-symbol",
        phrases=(
            "base-symbol-error",
            "the symbol is invalid",
            "invalid symbol",
            "contract symbol doesnt exist",
            "base-symbol-trade-disabled",
            "symbol trade not open now",
            "invalid.symbol",
        ),
        codes=(1013,),
    ),
    ExplainRule(
        "rate-limit",
        phrases=(
            "base-request-exceed-frequency-limit",
            "frequency of requests has exceeded the limit",
            "rate-too-many-requests",
            "exceeded rate limit",
            "too.many.request",
            "request limit",
        ),
    ),
    ExplainRule(
        "request-rejected",
        phrases=(
            "abnormal service",
            "field is invalid. please re-enter",
            "validation-format-error",
            "validation-constraints-required",
            "inexistent-error",
            "gateway-internal-error",
            "system-maintenance",
            "system is in maintenance",
            "order-source-invalid",
        ),
        codes=(1030, 1067),
    ),
)

# HTX's website and the REST addresses of its API docs (spot, futures).
OFFICIAL_HOSTS = ("www.htx.com", "api.huobi.pro", "api.hbdm.com")

SPEC = ExchangeSpec(
    official_hosts=OFFICIAL_HOSTS,
    id="htx",
    name="HTX",
    guide_path="htx/",
    errors_page="htx/errors/",
    api_key=API_KEY,
    secret_key=SECRET_KEY,
    example_values=EXAMPLE_VALUES,
    placeholder_markers=PLACEHOLDER_MARKERS,
    masked_markers=MASKED_MARKERS,
    labels=LABELS,
    self_generated_markers=SELF_GENERATED_MARKERS,
    permissions=PERMISSIONS,
    scopes=SCOPES,
    ip_limit=IP_LIMIT,
    ipv6_networks_allowed=IPV6_NETWORKS_ALLOWED,
    inactive_days_without_ip=INACTIVE_DAYS_WITHOUT_IP,
    fixes=FIXES,
    explain_rules=EXPLAIN_RULES,
    explain_fixes=EXPLAIN_FIXES,
    explain_messages=EXPLAIN_MESSAGES,
    secret_label_words=SECRET_LABEL_WORDS,
    not_key_categories=NOT_KEY_CATEGORIES,
    not_key_rules=NOT_KEY_RULES,
    not_key_messages=NOT_KEY_MESSAGES,
    # Words only HTX's error texts carry: its former name, and the err-code / err-msg
    # fields of its bodies (huobiapi docs, spot and futures error code tables).
    recognition_markers=("huobi", "err-code", "err_code", "err-msg", "err_msg"),
    sources={
        "key shapes": "keys printed in huobiapi docs and HuobiRDCenter SDKs",
        "ip limit": "huobiapi docs, POST /v2/sub-user/api-key-generation (ipAddresses)",
        "90 days": "huobiapi docs, POST /v2/sub-user/api-key-generation (ipAddresses)",
        "error messages": "huobiapi docs, spot and futures error code tables",
        "explained bodies": f"{SPOT_DOCS}, {USDT_SWAP_DOCS}, {CCXT_HTX} and the issues named "
        "next to each message in EXPLAIN_MESSAGES and NOT_KEY_MESSAGES",
    },
)
