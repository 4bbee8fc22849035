#!/usr/bin/env python3
"""Reference request signer: what botocore itself would send for a Rekognition call.

A Swift test runs this as a subprocess and compares its own request with the one
printed here, byte for byte. Input, one JSON object on stdin:

  {"operation": "DetectFaces",
   "params_json": "<exact JSON request body the Swift client sent>",
   "region": "us-east-1",
   "endpoint_url": "https://rekognition.us-east-1.amazonaws.com",   (optional)
   "access_key": "...", "secret_key": "...",
   "session_token": "...",                                          (optional)
   "timestamp": "20261129T120102Z"}

params_json is parsed keeping its key order; every blob member of the operation's
input shape (Image.Bytes, SourceImage.Bytes, ...: base64 strings on the wire) is
decoded to bytes, and the operation is called on a real botocore client (retries
off) while botocore.auth's clock is frozen at "timestamp". A before-send handler
records the prepared request and answers with a stub 200 "{}" response, so nothing
goes on the network.

Output, one JSON object on stdout:

  {"method", "url", "headers": [[name, value], ...] (prepared request, botocore's order),
   "body", "authorization", "signed_headers", "canonical_request", "string_to_sign"}

"headers" is what botocore hands to urllib3; on the wire urllib3/http.client put
"Host: <url host[:port]>" and "Accept-Encoding: identity" before them. User-Agent and
amz-sdk-invocation-id (a random UUID) differ between runs and machines; neither is signed.

canonical_request and string_to_sign are recomputed with botocore.auth.SigV4Auth on
a request rebuilt from the captured one; the script checks that they reproduce the
captured Authorization header exactly. Errors go to stderr with exit status 1.

Needs botocore (scripts/test-requirements.txt pins the version). AWS_* environment
variables and ~/.aws files are ignored so that only the input decides the request.
"""
import base64
import binascii
import datetime
import json
import os
import re
import sys

SERVICE = "rekognition"
TIMESTAMP_FORMAT = "%Y%m%dT%H%M%SZ"
AUTHORIZATION_RE = re.compile(
    r"^AWS4-HMAC-SHA256 Credential=(?P<credential>[^,]+), "
    r"SignedHeaders=(?P<signed>[^,]+), Signature=(?P<signature>[0-9a-f]{64})$")


class Failure(Exception):
    pass


def isolate_environment():
    """Keep the caller's AWS settings (profiles, endpoints, retry mode, ...) out."""
    for name in list(os.environ):
        if name.startswith("AWS_"):
            del os.environ[name]
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    # Keeps botocore from asking the EC2 instance metadata service for a region.
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"


def read_input():
    try:
        data = json.load(sys.stdin)
    except json.JSONDecodeError as e:
        raise Failure(f"stdin is not a JSON object: {e}")
    if not isinstance(data, dict):
        raise Failure("stdin must hold one JSON object")
    for key in ("operation", "params_json", "region", "access_key", "secret_key", "timestamp"):
        if not isinstance(data.get(key), str) or not data[key]:
            raise Failure(f"input field {key!r} is missing or not a non-empty string")
    for key in ("endpoint_url", "session_token"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise Failure(f"input field {key!r} must be a string when present")
    return data


def parse_timestamp(text):
    try:
        return datetime.datetime.strptime(text, TIMESTAMP_FORMAT)
    except ValueError:
        raise Failure(f"timestamp {text!r} is not in the form YYYYMMDDTHHMMSSZ")


def decode_blobs(value, shape, path):
    """Copy of value with every blob member (base64 text in the wire JSON) as bytes."""
    kind = shape.type_name
    if kind == "blob":
        if not isinstance(value, str):
            return value
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as e:
            raise Failure(f"{path} is a blob but not valid base64: {e}")
    if kind == "structure" and isinstance(value, dict) and not shape.is_document_type:
        members = shape.members
        return {key: decode_blobs(item, members[key], f"{path}.{key}") if key in members else item
                for key, item in value.items()}
    if kind == "list" and isinstance(value, list):
        return [decode_blobs(item, shape.member, f"{path}[{i}]") for i, item in enumerate(value)]
    if kind == "map" and isinstance(value, dict):
        return {key: decode_blobs(item, shape.value, f"{path}.{key}") for key, item in value.items()}
    return value


def freeze_signing_clock(moment):
    """botocore.auth reads the time through get_current_datetime (from botocore.compat,
    imported by name); replace exactly that name in botocore.auth."""
    import botocore.auth

    if not callable(getattr(botocore.auth, "get_current_datetime", None)):
        raise Failure("this botocore's auth module has no get_current_datetime to freeze; "
                      "install the version pinned in scripts/test-requirements.txt")

    def frozen_datetime(remove_tzinfo=True):
        if remove_tzinfo:
            return moment
        return moment.replace(tzinfo=datetime.timezone.utc)

    botocore.auth.get_current_datetime = frozen_datetime


class StubBody:
    """The raw stream AWSResponse reads its content from."""

    def __init__(self, data):
        self._data = data

    def stream(self, **kwargs):
        yield self._data


def header_text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def body_bytes(body):
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    if hasattr(body, "read"):
        data = body.read()
        return data.encode("utf-8") if isinstance(data, str) else data
    raise Failure(f"unexpected request body type {type(body).__name__}")


def capture_request(data, params):
    import botocore.session
    from botocore.awsrequest import AWSResponse
    from botocore.config import Config

    session = botocore.session.get_session()
    client = session.create_client(
        SERVICE,
        region_name=data["region"],
        endpoint_url=data.get("endpoint_url") or None,
        aws_access_key_id=data["access_key"],
        aws_secret_access_key=data["secret_key"],
        aws_session_token=data.get("session_token") or None,
        config=Config(retries={"total_max_attempts": 1, "mode": "standard"}),
    )
    operation_model = client.meta.service_model.operation_model(data["operation"])
    if operation_model.input_shape is not None:
        params = decode_blobs(params, operation_model.input_shape, data["operation"])

    captured = []

    def before_send(request, **kwargs):
        captured.append(request)
        return AWSResponse(request.url, 200, {"Content-Type": "application/x-amz-json-1.1"},
                           StubBody(b"{}"))

    client.meta.events.register(f"before-send.{SERVICE}", before_send)
    method = getattr(client, botocore_method_name(client, data["operation"]))
    method(**params)
    if len(captured) != 1:
        raise Failure(f"expected one request to be sent, saw {len(captured)}")
    return captured[0]


def botocore_method_name(client, operation):
    for python_name, api_name in client.meta.method_to_api_mapping.items():
        if api_name == operation:
            return python_name
    raise Failure(f"rekognition has no operation {operation!r}")


def recompute_signature(prepared, data, authorization):
    """Canonical request and string to sign for the captured request; checks the signature."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    match = AUTHORIZATION_RE.match(authorization)
    if not match:
        raise Failure(f"unexpected Authorization header format: {authorization!r}")
    signed = match.group("signed")
    signed_names = set(signed.split(";"))
    # Only the headers botocore signed: the rest (Content-Length, User-Agent, amz-sdk-*)
    # were set outside the signer's view or are never signed.
    headers = {name: header_text(value) for name, value in prepared.headers.items()
               if name.lower() in signed_names}
    request = AWSRequest(method=prepared.method, url=prepared.url, headers=headers,
                         data=body_bytes(prepared.body))
    request.context["timestamp"] = data["timestamp"]

    credentials = Credentials(data["access_key"], data["secret_key"],
                              data.get("session_token") or None)
    auth = SigV4Auth(credentials, SERVICE, data["region"])
    canonical_request = auth.canonical_request(request)
    string_to_sign = auth.string_to_sign(request, canonical_request)
    signature = auth.signature(string_to_sign, request)

    recomputed_signed = auth.signed_headers(auth.headers_to_sign(request))
    assert recomputed_signed == signed, (
        f"recomputed SignedHeaders {recomputed_signed!r} differ from captured {signed!r}")
    assert auth.scope(request) == match.group("credential"), (
        f"recomputed credential scope {auth.scope(request)!r} differs from captured "
        f"{match.group('credential')!r}")
    assert signature == match.group("signature"), (
        f"recomputed signature {signature} differs from captured {match.group('signature')}")
    return signed, canonical_request, string_to_sign


def main():
    isolate_environment()
    try:
        data = read_input()
        moment = parse_timestamp(data["timestamp"])
        try:
            params = json.loads(data["params_json"], object_pairs_hook=dict)
        except json.JSONDecodeError as e:
            raise Failure(f"params_json is not valid JSON: {e}")
        if not isinstance(params, dict):
            raise Failure("params_json must be a JSON object")
        try:
            import botocore  # noqa: F401
        except ImportError:
            raise Failure("botocore is not installed: pip install -r scripts/test-requirements.txt")
        freeze_signing_clock(moment)
        prepared = capture_request(data, params)

        headers = [[name, header_text(value)] for name, value in prepared.headers.items()]
        authorization = next((value for name, value in headers if name.lower() == "authorization"),
                             None)
        if authorization is None:
            raise Failure("botocore sent no Authorization header")
        amz_date = next((value for name, value in headers if name.lower() == "x-amz-date"), None)
        assert amz_date == data["timestamp"], (
            f"X-Amz-Date {amz_date!r} is not the frozen timestamp {data['timestamp']!r}")
        signed, canonical_request, string_to_sign = recompute_signature(prepared, data,
                                                                        authorization)
        body = body_bytes(prepared.body).decode("utf-8")
    except Failure as e:
        print(f"botocore_reference: error: {e}", file=sys.stderr)
        return 1
    except Exception as e:  # botocore's own errors: unknown operation, bad parameters, ...
        print(f"botocore_reference: error: {type(e).__name__}: {e}", file=sys.stderr)
        return 1

    json.dump({
        "method": prepared.method,
        "url": prepared.url,
        "headers": headers,
        "body": body,
        "authorization": authorization,
        "signed_headers": signed,
        "canonical_request": canonical_request,
        "string_to_sign": string_to_sign,
    }, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
