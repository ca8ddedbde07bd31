"""The Graph API client: typed errors, retries, paging, batches, usage headers and Facebook Login helpers."""

from core.graph.batch import MAX_BATCH_SIZE, BatchRequest, BatchResult
from core.graph.client import GraphClient
from core.graph.errors import (
    AmbiguousWriteError,
    AuthenticationError,
    GraphConnectionError,
    GraphError,
    GraphPermissionError,
    InvalidRequestError,
    RateLimitError,
    TransientError,
    error_from_response,
)
from core.graph.messages import MESSAGES, ErrorInfo, Kind
from core.graph.oauth import (
    AccessToken,
    TokenInfo,
    debug_token,
    exchange_code,
    exchange_long_lived,
    login_dialog_url,
)
from core.graph.params import Field, edge, encode_params, render_fields
from core.graph.redact import appsecret_proof, redact
from core.graph.retry import DEFAULT_RETRY, NO_RETRY, RetryPolicy
from core.graph.usage import AdAccountUsage, AppUsage, BusinessUseCaseUsage, Usage, parse_usage

__all__ = [
    "DEFAULT_RETRY",
    "MAX_BATCH_SIZE",
    "MESSAGES",
    "NO_RETRY",
    "AccessToken",
    "AdAccountUsage",
    "AmbiguousWriteError",
    "AppUsage",
    "AuthenticationError",
    "BatchRequest",
    "BatchResult",
    "BusinessUseCaseUsage",
    "ErrorInfo",
    "Field",
    "GraphClient",
    "GraphConnectionError",
    "GraphError",
    "GraphPermissionError",
    "InvalidRequestError",
    "Kind",
    "RateLimitError",
    "RetryPolicy",
    "TokenInfo",
    "TransientError",
    "Usage",
    "appsecret_proof",
    "debug_token",
    "edge",
    "encode_params",
    "error_from_response",
    "exchange_code",
    "exchange_long_lived",
    "login_dialog_url",
    "parse_usage",
    "redact",
    "render_fields",
]
