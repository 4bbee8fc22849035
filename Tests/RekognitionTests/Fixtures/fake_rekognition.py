#!/usr/bin/env python3
"""A test-only fake of the AWS Rekognition service.

It is a local HTTP server that speaks the real Rekognition wire protocol
(AWS JSON 1.1 over HTTP/1.1 with keep-alive, Signature Version 4) so the
Swift client's tests can run without network access or AWS credentials.

Only the Python standard library and botocore are used.  botocore supplies
the service model (botocore/data/rekognition/2016-06-27/service-2.json), the
parameter validator and the SigV4 canonicalisation, so the fake checks
requests and its own responses against the same model the real SDKs use.

Command line
------------
    python3 fake_rekognition.py --port-file PATH [--port 0] [--region us-east-1]
        [--credential AKID:SECRET[:SESSION_TOKEN]]... [--timeout-fault-seconds 5]

    --port-file PATH           the bound port number is written here (digits,
                               no newline) via a temp file + rename.
    --port N                   port on 127.0.0.1 (0 = any free port; default 0).
    --region R                 the only region accepted in the SigV4 scope.
    --credential A:S[:T]       accepted credential (repeatable).  Default:
                               AKIDFAKEEXAMPLE:fake/secret/EXAMPLEKEY
    --timeout-fault-seconds N  how long the "timeout" fault stalls (default 5).

Service endpoint
----------------
    POST /   X-Amz-Target: RekognitionService.<Op>
             Content-Type: application/x-amz-json-1.1
    Op is one of DetectFaces, DetectLabels, DetectText, CompareFaces.

Every service request is handled in this order:
    1. SigV4 verification (see verify_signature)
    2. operation, content type and body checks (JSON object, model
       validation, image checks)
    3. fault injection (one queued fault is consumed)
    4. a 200 answer, itself validated against the output shape first.

Control endpoints (test-only, unsigned, JSON bodies)
----------------------------------------------------
    POST /_fake/responses  {"DetectLabels": {...response...}, ...}
        Replace the default response of those operations until reset
        (validated against the output shape at once; 400 if invalid).
        A value of null removes that operation's override.
    POST /_fake/faults     {"DetectFaces": ["throttle", "500"], "*": [...]}
        Append to per-operation FIFO queues; "*" applies to whichever
        operation comes next.  A request consumes one fault from its own
        queue, else one from "*".
    GET  /_fake/calls      JSON list of the service calls in arrival order.
    POST /_fake/reset      Clear faults, overrides and the call log.

Fault names
-----------
    throttle       500 ThrottlingException  (the model marks it a server
                   fault; see Model.status_for_code)
    provisioned    400 ProvisionedThroughputExceededException
    500            500 InternalServerError
    503            503 ServiceUnavailableException  (not in the model)
    timeout        stall --timeout-fault-seconds, then answer normally
    reset          close the connection without sending any response
    malformed      200 with a truncated JSON body (Content-Length matches)
    access_denied  400 AccessDeniedException
    expired_token  400 ExpiredTokenException
    invalid_image  400 InvalidImageFormatException
"""

import argparse
import base64
import binascii
import datetime
import hashlib
import hmac
import http.server
import json
import os
import re
import sys
import threading
import time
import traceback
import uuid
from collections import deque
from urllib.parse import urlsplit

import botocore.session
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.compat import HTTPHeaders
from botocore.credentials import Credentials
from botocore.validate import ParamValidator

# ---------------------------------------------------------------------------
# Constants
# ---------------------------------------------------------------------------

SERVICE_NAME = "rekognition"
TARGET_PREFIX = "RekognitionService."
JSON_CONTENT_TYPE = "application/x-amz-json-1.1"
SUPPORTED_OPERATIONS = ("DetectFaces", "DetectLabels", "DetectText", "CompareFaces")

DEFAULT_CREDENTIAL = "AKIDFAKEEXAMPLE:fake/secret/EXAMPLEKEY"

# Largest accepted decoded image, as documented (and ImageBlob's "max").
MAX_IMAGE_BYTES = 5 * 1024 * 1024
# Largest request body read at all: base64 of 2 x 5 MB images plus slack.
MAX_BODY_BYTES = 32 * 1024 * 1024
# How far X-Amz-Date may be from the server clock.
MAX_CLOCK_SKEW = datetime.timedelta(minutes=15)

SIGV4_ALGORITHM = "AWS4-HMAC-SHA256"
SIGV4_DATE_FORMAT = "%Y%m%dT%H%M%SZ"

JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# Status codes of errors that are not in Rekognition's model.  They come
# from the AWS front door (authentication, protocol) rather than from the
# service itself; AWS JSON services send them as 400 (or 5xx for outages).
FRONT_DOOR_ERROR_STATUS = {
    "MissingAuthenticationTokenException": 400,
    "IncompleteSignatureException": 400,
    "InvalidSignatureException": 400,
    "UnrecognizedClientException": 400,
    "ExpiredTokenException": 400,
    "SerializationException": 400,
    "UnknownOperationException": 400,
    # Rekognition's model has no 503 error shape.  AWS JSON services report
    # a temporary outage as 503 "ServiceUnavailableException"; botocore
    # surfaces it as a generic ClientError with that code, and its retry
    # logic treats any 503 as transient.
    "ServiceUnavailableException": 503,
}

# Fault name -> (error code, message).  None means "not an error response";
# those faults are handled specially in Handler._apply_fault.
FAULTS = {
    "throttle": ("ThrottlingException", "Rate exceeded (injected fault)"),
    "provisioned": (
        "ProvisionedThroughputExceededException",
        "Provisioned rate exceeded (injected fault)",
    ),
    "500": ("InternalServerError", "Internal server error (injected fault)"),
    "503": ("ServiceUnavailableException", "Service unavailable (injected fault)"),
    "access_denied": (
        "AccessDeniedException",
        "User is not authorized to perform this action (injected fault)",
    ),
    "expired_token": (
        "ExpiredTokenException",
        "The security token included in the request is expired (injected fault)",
    ),
    "invalid_image": (
        "InvalidImageFormatException",
        "Request has invalid image format (injected fault)",
    ),
    "timeout": None,
    "reset": None,
    "malformed": None,
}


def log(message):
    """Write one diagnostic line to stderr (used for errors only)."""
    sys.stderr.write(f"fake_rekognition: {message}\n")
    sys.stderr.flush()


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


class AwsError(Exception):
    """An error answered in the AWS JSON 1.1 error format."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


class ControlError(Exception):
    """A bad request to one of the /_fake/ control endpoints."""


# ---------------------------------------------------------------------------
# Service model and shape validation
# ---------------------------------------------------------------------------


class Model:
    """The Rekognition service model as loaded by botocore."""

    def __init__(self):
        session = botocore.session.get_session()
        self.service = session.get_service_model(SERVICE_NAME)
        self.operations = {
            name: self.service.operation_model(name) for name in SUPPORTED_OPERATIONS
        }
        # Error shapes the model knows about, by code (= shape name).
        self.error_shapes = {shape.name: shape for shape in self.service.error_shapes}
        # botocore's Shape.metadata omits the "fault" flag (server-side
        # error), so read it from the raw service-2.json description, which
        # the session's loader returns as a plain dict.
        raw = session.get_component("data_loader").load_service_model(
            SERVICE_NAME, "service-2"
        )
        self.fault_errors = {
            name
            for name in self.error_shapes
            if raw["shapes"].get(name, {}).get("fault")
        }

    def status_for_code(self, code):
        """HTTP status for an error code.

        For modelled errors the status is derived from the model: an explicit
        "error.httpStatusCode" wins; otherwise "fault": true marks a server
        error (500), anything else is a client error (400).  Note that this
        makes ThrottlingException a 500, because Rekognition's model marks it
        as a server fault (the Rekognition API reference also documents it
        as HTTP 500), whereas ProvisionedThroughputExceededException is 400.
        """
        shape = self.error_shapes.get(code)
        if shape is not None:
            explicit = shape.metadata.get("error", {}).get("httpStatusCode")
            if explicit:
                return int(explicit)
            return 500 if code in self.fault_errors else 400
        return FRONT_DOOR_ERROR_STATUS.get(code, 400)


_PARAM_VALIDATOR = ParamValidator()


def shape_problems(params, shape):
    """Return a description of how params violate shape ('' if valid).

    botocore's ParamValidator checks types, required members, unknown members
    and "min" constraints.  It does not check enums or "max" constraints, nor
    reject booleans where numbers are expected (bool is an int in Python), so
    _extra_constraint_problems adds those checks on top.
    """
    problems = []
    report = _PARAM_VALIDATOR.validate(params, shape)
    if report.has_errors():
        problems.append(report.generate_report())
    extra = []
    _extra_constraint_problems(params, shape, shape.name, extra)
    if extra:
        problems.append("Constraint violations:\n" + "\n".join(extra))
    return "\n".join(problems)


def _extra_constraint_problems(value, shape, path, problems):
    """Walk value along shape and record enum / max / bool-as-number problems.

    Values of the wrong container type are skipped here; ParamValidator has
    already reported them.
    """
    kind = shape.type_name
    meta = shape.metadata
    if kind == "structure":
        if isinstance(value, dict):
            for name, member_value in value.items():
                if name in shape.members:
                    _extra_constraint_problems(
                        member_value, shape.members[name], f"{path}.{name}", problems
                    )
    elif kind == "list":
        if isinstance(value, list):
            if "max" in meta and len(value) > meta["max"]:
                problems.append(
                    f"{path}: list has {len(value)} items, max is {meta['max']}"
                )
            for index, item in enumerate(value):
                _extra_constraint_problems(
                    item, shape.member, f"{path}[{index}]", problems
                )
    elif kind == "map":
        if isinstance(value, dict):
            for key, item in value.items():
                _extra_constraint_problems(item, shape.value, f"{path}.{key}", problems)
    elif kind == "string":
        if isinstance(value, str):
            enum = meta.get("enum")
            if enum and value not in enum:
                problems.append(
                    f"{path}: {value!r} is not one of {', '.join(enum)}"
                )
            if "max" in meta and len(value) > meta["max"]:
                problems.append(
                    f"{path}: string length {len(value)} exceeds max {meta['max']}"
                )
    elif kind in ("integer", "long", "float", "double"):
        if isinstance(value, bool):
            problems.append(f"{path}: boolean {value!r} given where a number is expected")
        elif isinstance(value, (int, float)) and "max" in meta and value > meta["max"]:
            problems.append(f"{path}: {value!r} exceeds max {meta['max']}")


def strip_nulls(value):
    """Drop JSON null members from objects, recursively.

    In the AWS JSON protocol a member set to null means "not set", so the
    real service accepts {"MaxLabels": null}.  Nulls inside lists are kept
    (and then rejected by validation).
    """
    if isinstance(value, dict):
        return {k: strip_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [strip_nulls(v) for v in value]
    return value


def parse_json_object(body, what):
    """Parse body as a strict JSON object or raise ValueError.

    Strict means: UTF-8, no duplicate keys, no NaN/Infinity, top level must
    be an object.
    """

    def no_duplicates(pairs):
        result = {}
        for key, value in pairs:
            if key in result:
                raise ValueError(f"duplicate key {key!r}")
            result[key] = value
        return result

    def no_constants(name):
        raise ValueError(f"{name} is not valid JSON")

    if not body:
        raise ValueError(f"{what} is empty")
    text = body.decode("utf-8")  # UnicodeDecodeError is a ValueError
    value = json.loads(
        text, object_pairs_hook=no_duplicates, parse_constant=no_constants
    )
    if not isinstance(value, dict):
        raise ValueError(f"{what} must be a JSON object, got {type(value).__name__}")
    return value


# ---------------------------------------------------------------------------
# Signature Version 4 verification
# ---------------------------------------------------------------------------


class ExactHeadersSigV4Auth(SigV4Auth):
    """botocore's SigV4 signer, restricted to exactly the client's headers.

    botocore's stock headers_to_sign() drops a blacklist of headers
    (user-agent, expect, ...) and adds "host" from the URL when it is
    missing.  A verifier must canonicalise precisely the headers the client
    listed in SignedHeaders, so the request handed to this class contains only
    those headers and this override returns them all, unchanged.  Duplicate
    headers are kept; botocore's canonical_headers() joins their trimmed
    values with "," and collapses runs of spaces, as SigV4 specifies.
    """

    def headers_to_sign(self, request):
        header_map = HTTPHeaders()
        for name, value in request.headers.items():
            header_map[name.lower()] = value
        return header_map


_AUTH_PARAM_NAMES = ("Credential", "SignedHeaders", "Signature")
_HEX_SIGNATURE = re.compile(r"^[0-9a-f]{64}$")
_AMZ_DATE = re.compile(r"^\d{8}T\d{6}Z$")


def _parse_authorization(value):
    """Split an AWS4-HMAC-SHA256 Authorization header into its parameters."""
    if not value.startswith(SIGV4_ALGORITHM + " "):
        algorithm = value.split(" ", 1)[0]
        raise AwsError(
            "IncompleteSignatureException",
            f"Unsupported authorization algorithm {algorithm!r}; "
            f"expected {SIGV4_ALGORITHM}. Authorization={value}",
        )
    params = {}
    for part in value[len(SIGV4_ALGORITHM) + 1:].split(","):
        part = part.strip()
        name, sep, param_value = part.partition("=")
        if not sep or name not in _AUTH_PARAM_NAMES or name in params:
            raise AwsError(
                "IncompleteSignatureException",
                f"Authorization header has an invalid or repeated part {part!r}; "
                f"expected exactly Credential=..., SignedHeaders=..., Signature=... "
                f"Authorization={value}",
            )
        params[name] = param_value
    missing = [name for name in _AUTH_PARAM_NAMES if name not in params]
    if missing:
        raise AwsError(
            "IncompleteSignatureException",
            " ".join(f"Authorization header requires '{m}' parameter." for m in missing)
            + f" Authorization={value}",
        )
    return params


def verify_signature(handler, body, credentials, region, call):
    """Verify the SigV4 signature of a service request.

    handler is the request handler (for method, path and headers), body the
    raw body bytes, credentials a dict access key -> (secret, token or None),
    region the only accepted scope region, call the call-log entry (its
    "access_key" is filled in as soon as it is known).  Raises AwsError.
    """
    headers = handler.headers
    authorization = headers.get("Authorization")
    if authorization is None:
        raise AwsError(
            "MissingAuthenticationTokenException",
            "Missing Authentication Token",
        )
    params = _parse_authorization(authorization.strip())

    # Credential=AKID/YYYYMMDD/REGION/SERVICE/aws4_request
    scope = params["Credential"].split("/")
    if len(scope) != 5 or not all(scope) or scope[4] != "aws4_request":
        raise AwsError(
            "IncompleteSignatureException",
            "Credential must have the form "
            "<access key>/<YYYYMMDD>/<region>/<service>/aws4_request, "
            f"got {params['Credential']!r}",
        )
    access_key, scope_date, scope_region, scope_service, _ = scope
    call["access_key"] = access_key

    if access_key not in credentials:
        raise AwsError(
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
        )
    secret_key, session_token = credentials[access_key]

    if scope_service != SERVICE_NAME:
        raise AwsError(
            "InvalidSignatureException",
            f"Credential should be scoped to correct service: '{SERVICE_NAME}'. "
            f"(got '{scope_service}')",
        )
    if scope_region != region:
        raise AwsError(
            "InvalidSignatureException",
            f"Credential should be scoped to a valid region, not '{scope_region}'. "
            f"(this endpoint serves '{region}')",
        )

    # SignedHeaders must be lowercase, sorted, unique and include host and
    # x-amz-date.
    signed_headers = params["SignedHeaders"].split(";")
    if not all(signed_headers) or signed_headers != sorted(
        set(h.lower() for h in signed_headers)
    ):
        raise AwsError(
            "IncompleteSignatureException",
            "SignedHeaders must be a ';'-separated list of lowercase header "
            f"names in sorted order without duplicates, got {params['SignedHeaders']!r}",
        )
    for required in ("host", "x-amz-date"):
        if required not in signed_headers:
            raise AwsError(
                "IncompleteSignatureException",
                f"'{required}' must be a 'SignedHeader' in the AWS Authorization. "
                f"SignedHeaders={params['SignedHeaders']}",
            )
    for name in signed_headers:
        if headers.get(name) is None:
            raise AwsError(
                "InvalidSignatureException",
                f"Header '{name}' is listed in SignedHeaders but is not in the request.",
            )

    if not _HEX_SIGNATURE.match(params["Signature"]):
        raise AwsError(
            "IncompleteSignatureException",
            "Signature must be 64 lowercase hexadecimal characters, "
            f"got {params['Signature']!r}",
        )

    # X-Amz-Date: its date must match the scope and be within 15 minutes.
    amz_date = (headers.get("X-Amz-Date") or "").strip()
    if not _AMZ_DATE.match(amz_date):
        raise AwsError(
            "IncompleteSignatureException",
            "X-Amz-Date must be present and in ISO 8601 basic format "
            f"YYYYMMDD'T'HHMMSS'Z', got {amz_date!r}",
        )
    try:
        request_time = datetime.datetime.strptime(amz_date, SIGV4_DATE_FORMAT)
    except ValueError:
        raise AwsError(
            "IncompleteSignatureException",
            f"X-Amz-Date is not a valid date: {amz_date!r}",
        ) from None
    if scope_date != amz_date[:8]:
        raise AwsError(
            "InvalidSignatureException",
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 "
            f"version of date from HTTP: '{scope_date}' != '{amz_date[:8]}', "
            f"from '{amz_date}'.",
        )
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None, microsecond=0)
    now_text = now.strftime(SIGV4_DATE_FORMAT)
    if request_time < now - MAX_CLOCK_SKEW:
        limit = (now - MAX_CLOCK_SKEW).strftime(SIGV4_DATE_FORMAT)
        raise AwsError(
            "InvalidSignatureException",
            f"Signature expired: {amz_date} is now earlier than {limit} "
            f"({now_text} - 15 min.)",
        )
    if request_time > now + MAX_CLOCK_SKEW:
        limit = (now + MAX_CLOCK_SKEW).strftime(SIGV4_DATE_FORMAT)
        raise AwsError(
            "InvalidSignatureException",
            f"Signature not yet current: {amz_date} is still later than {limit} "
            f"({now_text} + 15 min.)",
        )

    # Session tokens: required (and signed) exactly when the credential has
    # one configured.
    sent_token = headers.get("X-Amz-Security-Token")
    if session_token is None:
        if sent_token is not None:
            raise AwsError(
                "UnrecognizedClientException",
                "The security token included in the request is invalid. "
                "(X-Amz-Security-Token was sent for a credential without a session token)",
            )
    else:
        if sent_token is None or not hmac.compare_digest(
            sent_token.strip().encode(), session_token.encode()
        ):
            raise AwsError(
                "UnrecognizedClientException",
                "The security token included in the request is invalid.",
            )
        if "x-amz-security-token" not in signed_headers:
            raise AwsError(
                "UnrecognizedClientException",
                "The security token included in the request is invalid. "
                "(x-amz-security-token must be included in SignedHeaders)",
            )

    # X-Amz-Content-SHA256, when sent, must describe the body we received;
    # botocore's canonical_request() uses the header value verbatim when it is
    # signed, so a stale value would otherwise go unnoticed.
    content_sha = headers.get("X-Amz-Content-SHA256")
    actual_sha = hashlib.sha256(body).hexdigest()
    if content_sha is not None and content_sha.strip() != actual_sha:
        raise AwsError(
            "InvalidSignatureException",
            "The X-Amz-Content-SHA256 header does not match the request body: "
            f"header {content_sha.strip()!r}, body SHA-256 {actual_sha!r}.",
        )

    # Recompute the signature over exactly the signed headers, with their
    # values as received (including duplicates, in order).
    signed_header_map = HTTPHeaders()
    for name in signed_headers:
        for value in headers.get_all(name):
            signed_header_map[name] = value
    host = headers.get("Host", "")
    url = f"http://{host}{handler.path}"
    try:
        urlsplit(url).port  # raises ValueError for e.g. "host:abc"
    except ValueError:
        url = f"http://localhost{handler.path}"  # host only matters via headers
    request = AWSRequest(method=handler.command, url=url, headers=signed_header_map, data=body)
    request.context["timestamp"] = amz_date
    auth = ExactHeadersSigV4Auth(
        Credentials(access_key, secret_key, session_token), SERVICE_NAME, region
    )
    canonical_request = auth.canonical_request(request)
    string_to_sign = auth.string_to_sign(request, canonical_request)
    expected = auth.signature(string_to_sign, request)
    if not hmac.compare_digest(expected, params["Signature"]):
        raise AwsError(
            "InvalidSignatureException",
            "The request signature we calculated does not match the signature "
            "you provided. Check your AWS Secret Access Key and signing method. "
            "Consult the service documentation for details.\n\n"
            "The Canonical String for this request should have been\n"
            f"'{canonical_request}'\n\n"
            "The String-to-Sign should have been\n"
            f"'{string_to_sign}'\n",
        )
    return access_key


# ---------------------------------------------------------------------------
# Request checks specific to images
# ---------------------------------------------------------------------------


def check_images(params, input_shape):
    """Check every image of a request (Image, SourceImage, TargetImage).

    In the four operations served here the only blob members are the
    Image.Bytes of top-level members of shape "Image", so those are walked.
    Raises AwsError.
    """
    for member_name, member_shape in input_shape.members.items():
        if member_shape.name == "Image" and member_name in params:
            _check_one_image(member_name, params[member_name])


def _check_one_image(name, image):
    has_bytes = "Bytes" in image
    has_s3 = "S3Object" in image
    if has_bytes and has_s3:
        raise AwsError(
            "InvalidParameterException",
            f"{name} must contain either Bytes or S3Object, not both.",
        )
    if has_s3:
        # The fake has no S3: behave as if the object cannot be read.
        raise AwsError(
            "InvalidS3ObjectException",
            "Unable to get object metadata from S3. Check object key, region "
            "and/or access permissions. (the fake has no S3; send Bytes)",
        )
    if not has_bytes:
        raise AwsError(
            "InvalidParameterException",
            f"{name} must contain either Bytes or S3Object.",
        )
    # Blobs travel as base64 strings in the JSON protocol.  Decoding them is
    # part of deserialising the request, before the operation sees it, so a
    # malformed blob is a SerializationException: that is what AWS JSON
    # protocol servers return for bodies they cannot deserialise (Smithy's
    # malformed-request tests expect it for invalid base64 blobs), and the
    # model's InvalidParameterException is for values that deserialised fine
    # but violate a constraint.  Decoding is strict: standard alphabet,
    # correct padding, no whitespace or line breaks.
    try:
        data = base64.b64decode(image["Bytes"], validate=True)
    except (binascii.Error, ValueError) as error:
        raise AwsError(
            "SerializationException",
            f"{name}.Bytes is not valid base64: {error}",
        ) from None
    if not data:
        raise AwsError(
            "InvalidParameterException",
            f"1 validation error detected: Value at '{name[0].lower() + name[1:]}.bytes' "
            "failed to satisfy constraint: Member must have length greater than or equal to 1",
        )
    if len(data) > MAX_IMAGE_BYTES:
        raise AwsError(
            "ImageTooLargeException",
            f"Image size is too large: {len(data)} bytes in {name}.Bytes, "
            f"the limit is {MAX_IMAGE_BYTES} bytes.",
        )
    if not (data.startswith(JPEG_MAGIC) or data.startswith(PNG_MAGIC)):
        raise AwsError(
            "InvalidImageFormatException",
            f"Request has invalid image format ({name}.Bytes is neither JPEG nor PNG).",
        )


# ---------------------------------------------------------------------------
# Default responses
# ---------------------------------------------------------------------------

# The one face the fake "sees", in ratios of the image size.
FACE_BOX = {"Width": 0.3, "Height": 0.45, "Left": 0.35, "Top": 0.2}
# The face found in the CompareFaces target image.
TARGET_FACE_BOX = {"Width": 0.28, "Height": 0.42, "Left": 0.4, "Top": 0.22}
# The person around FACE_BOX (for DetectLabels' Person instance).
PERSON_BOX = {"Width": 0.5, "Height": 0.78, "Left": 0.25, "Top": 0.15}

# Every documented landmark type, positioned relative to the face box
# (0..1 across, 0..1 down), so all landmarks lie inside the box.
LANDMARK_LAYOUT = (
    ("eyeLeft", 0.32, 0.38),
    ("eyeRight", 0.68, 0.38),
    ("mouthLeft", 0.36, 0.75),
    ("mouthRight", 0.64, 0.75),
    ("nose", 0.50, 0.55),
    ("leftEyeBrowLeft", 0.20, 0.28),
    ("leftEyeBrowRight", 0.42, 0.27),
    ("leftEyeBrowUp", 0.31, 0.24),
    ("rightEyeBrowLeft", 0.58, 0.27),
    ("rightEyeBrowRight", 0.80, 0.28),
    ("rightEyeBrowUp", 0.69, 0.24),
    ("leftEyeLeft", 0.25, 0.38),
    ("leftEyeRight", 0.39, 0.38),
    ("leftEyeUp", 0.32, 0.35),
    ("leftEyeDown", 0.32, 0.41),
    ("rightEyeLeft", 0.61, 0.38),
    ("rightEyeRight", 0.75, 0.38),
    ("rightEyeUp", 0.68, 0.35),
    ("rightEyeDown", 0.68, 0.41),
    ("noseLeft", 0.43, 0.60),
    ("noseRight", 0.57, 0.60),
    ("mouthUp", 0.50, 0.71),
    ("mouthDown", 0.50, 0.80),
    ("leftPupil", 0.32, 0.38),
    ("rightPupil", 0.68, 0.38),
    ("upperJawlineLeft", 0.05, 0.40),
    ("midJawlineLeft", 0.12, 0.75),
    ("chinBottom", 0.50, 0.98),
    ("midJawlineRight", 0.88, 0.75),
    ("upperJawlineRight", 0.95, 0.40),
)
# Without "ALL" (and in CompareFaces) only the five basic landmarks are given.
BASIC_LANDMARKS = ("eyeLeft", "eyeRight", "mouthLeft", "mouthRight", "nose")

# All eight emotion types, CALM dominant, sorted by confidence.
EMOTIONS = (
    ("CALM", 85.0),
    ("HAPPY", 4.2),
    ("SURPRISED", 3.1),
    ("CONFUSED", 2.3),
    ("SAD", 1.1),
    ("FEAR", 0.9),
    ("ANGRY", 0.6),
    ("DISGUSTED", 0.4),
)

# DetectFaces attribute name -> FaceDetail member it adds.
ATTRIBUTE_MEMBERS = {
    "AGE_RANGE": "AgeRange",
    "SMILE": "Smile",
    "EYEGLASSES": "Eyeglasses",
    "SUNGLASSES": "Sunglasses",
    "GENDER": "Gender",
    "BEARD": "Beard",
    "MUSTACHE": "Mustache",
    "EYES_OPEN": "EyesOpen",
    "MOUTH_OPEN": "MouthOpen",
    "EMOTIONS": "Emotions",
    "FACE_OCCLUDED": "FaceOccluded",
    "EYE_DIRECTION": "EyeDirection",
}
# What the real service returns for "DEFAULT".
DEFAULT_FACE_MEMBERS = ("BoundingBox", "Confidence", "Landmarks", "Pose", "Quality")


def _landmarks(box, names):
    result = []
    for name, across, down in LANDMARK_LAYOUT:
        if name in names:
            result.append(
                {
                    "Type": name,
                    "X": round(box["Left"] + across * box["Width"], 4),
                    "Y": round(box["Top"] + down * box["Height"], 4),
                }
            )
    return result


def _emotions():
    return [{"Type": name, "Confidence": confidence} for name, confidence in EMOTIONS]


def _face_detail(attributes):
    """The FaceDetail for DetectFaces, trimmed to the requested attributes."""
    want_all = "ALL" in attributes
    all_landmark_names = [name for name, _, _ in LANDMARK_LAYOUT]
    face = {
        "BoundingBox": dict(FACE_BOX),
        "AgeRange": {"Low": 25, "High": 35},
        "Smile": {"Value": False, "Confidence": 93.4},
        "Eyeglasses": {"Value": False, "Confidence": 97.8},
        "Sunglasses": {"Value": False, "Confidence": 99.6},
        "Gender": {"Value": "Male", "Confidence": 96.3},
        "Beard": {"Value": False, "Confidence": 88.1},
        "Mustache": {"Value": False, "Confidence": 95.0},
        "EyesOpen": {"Value": True, "Confidence": 97.5},
        "MouthOpen": {"Value": False, "Confidence": 91.2},
        "Emotions": _emotions(),
        "Landmarks": _landmarks(
            FACE_BOX, all_landmark_names if want_all else BASIC_LANDMARKS
        ),
        "Pose": {"Roll": 1.5, "Yaw": -4.0, "Pitch": 3.0},
        "Quality": {"Brightness": 72.0, "Sharpness": 86.0},
        "Confidence": 99.9,
        "FaceOccluded": {"Value": False, "Confidence": 98.2},
        "EyeDirection": {"Yaw": 2.0, "Pitch": -1.5, "Confidence": 96.0},
    }
    if want_all:
        return face
    # DEFAULT members are always present; specific attributes add to them.
    keep = set(DEFAULT_FACE_MEMBERS)
    keep.update(ATTRIBUTE_MEMBERS[a] for a in attributes if a in ATTRIBUTE_MEMBERS)
    return {key: value for key, value in face.items() if key in keep}


def build_detect_faces(params):
    attributes = params.get("Attributes") or ["DEFAULT"]
    return {"FaceDetails": [_face_detail(set(attributes))]}


DOMINANT_COLORS = (
    {
        "Red": 112, "Green": 86, "Blue": 64, "HexCode": "705640",
        "CSSColor": "saddlebrown", "SimplifiedColor": "brown", "PixelPercent": 41.3,
    },
    {
        "Red": 236, "Green": 232, "Blue": 225, "HexCode": "ece8e1",
        "CSSColor": "whitesmoke", "SimplifiedColor": "white", "PixelPercent": 27.6,
    },
    {
        "Red": 38, "Green": 44, "Blue": 58, "HexCode": "262c3a",
        "CSSColor": "darkslategray", "SimplifiedColor": "black", "PixelPercent": 18.2,
    },
)


def _image_properties(max_colors):
    def colors(count):
        return [dict(c) for c in DOMINANT_COLORS[:min(count, max_colors)]]

    return {
        "Quality": {"Brightness": 71.5, "Sharpness": 84.2, "Contrast": 66.8},
        "DominantColors": colors(3),
        "Foreground": {
            "Quality": {"Brightness": 68.9, "Sharpness": 88.0},
            "DominantColors": colors(2),
        },
        "Background": {
            "Quality": {"Brightness": 74.1, "Sharpness": 52.3},
            "DominantColors": colors(1),
        },
    }


def build_detect_labels(params):
    features = params.get("Features") or ["GENERAL_LABELS"]
    settings = params.get("Settings", {})
    labels = []
    if "GENERAL_LABELS" in features:
        # "Person" is a top-level label in Rekognition's taxonomy, so its
        # Parents list is (realistically) empty; Aliases and Categories are
        # filled.  Instance DominantColors are only computed by the real
        # service for IMAGE_PROPERTIES, so they are empty here.
        person = {
            "Name": "Person",
            "Confidence": 99.1,
            "Instances": [
                {"BoundingBox": dict(PERSON_BOX), "Confidence": 99.1, "DominantColors": []}
            ],
            "Parents": [],
            "Aliases": [{"Name": "Human"}],
            "Categories": [{"Name": "Person Description"}],
        }
        labels.append(person)
        # Honour the documented filters so tests of them see plausible output.
        general = settings.get("GeneralLabels", {})
        include = general.get("LabelInclusionFilters")
        exclude = general.get("LabelExclusionFilters") or []
        include_cat = general.get("LabelCategoryInclusionFilters")
        exclude_cat = general.get("LabelCategoryExclusionFilters") or []
        min_confidence = params.get("MinConfidence", 55.0)

        def kept(label):
            categories = {c["Name"] for c in label["Categories"]}
            return (
                label["Confidence"] >= min_confidence
                and (not include or label["Name"] in include)
                and label["Name"] not in exclude
                and (not include_cat or categories & set(include_cat))
                and not categories & set(exclude_cat)
            )

        labels = [label for label in labels if kept(label)]
        if "MaxLabels" in params:
            labels = labels[: params["MaxLabels"]]
    response = {"Labels": labels, "LabelModelVersion": "3.0"}
    if "IMAGE_PROPERTIES" in features:
        max_colors = settings.get("ImageProperties", {}).get("MaxDominantColors", 10)
        response["ImageProperties"] = _image_properties(max_colors)
    return response


def build_detect_text(params):
    return {"TextDetections": [], "TextModelVersion": "3.0"}


MATCH_SIMILARITY = 98.7


def build_compare_faces(params):
    threshold = params.get("SimilarityThreshold", 80.0)
    target_face = {
        "BoundingBox": dict(TARGET_FACE_BOX),
        "Confidence": 99.8,
        "Landmarks": _landmarks(TARGET_FACE_BOX, BASIC_LANDMARKS),
        "Pose": {"Roll": -2.1, "Yaw": 5.5, "Pitch": 1.2},
        "Quality": {"Brightness": 69.4, "Sharpness": 83.1},
        "Emotions": _emotions(),
        "Smile": {"Value": False, "Confidence": 92.6},
    }
    response = {
        "SourceImageFace": {"BoundingBox": dict(FACE_BOX), "Confidence": 99.9},
        "FaceMatches": [],
        "UnmatchedFaces": [],
    }
    if threshold <= MATCH_SIMILARITY:
        response["FaceMatches"].append({"Similarity": MATCH_SIMILARITY, "Face": target_face})
    else:
        response["UnmatchedFaces"].append(target_face)
    return response


DEFAULT_BUILDERS = {
    "DetectFaces": build_detect_faces,
    "DetectLabels": build_detect_labels,
    "DetectText": build_detect_text,
    "CompareFaces": build_compare_faces,
}


def self_test_defaults(model):
    """Validate representative default responses at startup (fail fast)."""
    landmark_enum = set(
        model.service.shape_for("LandmarkType").metadata.get("enum", [])
    )
    layout_names = {name for name, _, _ in LANDMARK_LAYOUT}
    if layout_names != landmark_enum:
        raise SystemExit(
            "fake_rekognition: LANDMARK_LAYOUT does not match the model's "
            f"LandmarkType enum: {sorted(layout_names ^ landmark_enum)}"
        )
    samples = {
        "DetectFaces": [{}, {"Attributes": ["ALL"]}, {"Attributes": ["SMILE"]}],
        "DetectLabels": [{}, {"Features": ["GENERAL_LABELS", "IMAGE_PROPERTIES"]}],
        "DetectText": [{}],
        "CompareFaces": [{}, {"SimilarityThreshold": 99.0}],
    }
    for operation, variants in samples.items():
        shape = model.operations[operation].output_shape
        for params in variants:
            problems = shape_problems(DEFAULT_BUILDERS[operation](params), shape)
            if problems:
                raise SystemExit(
                    f"fake_rekognition: default {operation} response for "
                    f"{params} is invalid:\n{problems}"
                )


# ---------------------------------------------------------------------------
# Mutable fake state (overrides, fault queues, call log)
# ---------------------------------------------------------------------------


class FakeState:
    """Everything the control endpoints change; guarded by one lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.overrides = {}  # operation -> response object
        self.faults = {}  # operation or "*" -> deque of fault names
        self.calls = []  # call-log entries (dicts), in arrival order

    def reset(self):
        with self.lock:
            self.overrides.clear()
            self.faults.clear()
            self.calls.clear()

    def start_call(self, entry):
        with self.lock:
            self.calls.append(entry)

    def calls_snapshot(self):
        with self.lock:
            return [dict(entry) for entry in self.calls]

    def take_fault(self, operation):
        """Consume the next fault for operation (its own queue, then "*")."""
        with self.lock:
            for key in (operation, "*"):
                queue = self.faults.get(key)
                if queue:
                    return queue.popleft()
        return None

    def add_faults(self, additions):
        with self.lock:
            for key, names in additions.items():
                self.faults.setdefault(key, deque()).extend(names)
            return {key: list(queue) for key, queue in self.faults.items() if queue}

    def set_overrides(self, overrides):
        with self.lock:
            for operation, response in overrides.items():
                if response is None:
                    self.overrides.pop(operation, None)
                else:
                    self.overrides[operation] = response
            return sorted(self.overrides)

    def override_for(self, operation):
        with self.lock:
            return self.overrides.get(operation)


# ---------------------------------------------------------------------------
# HTTP handling
# ---------------------------------------------------------------------------


class FakeServer(http.server.ThreadingHTTPServer):
    """ThreadingHTTPServer carrying the fake's configuration and state."""

    daemon_threads = True

    def __init__(self, address, model, credentials, region, timeout_fault_seconds):
        self.model = model
        self.credentials = credentials
        self.region = region
        self.timeout_fault_seconds = timeout_fault_seconds
        self.state = FakeState()
        super().__init__(address, Handler)

    def handle_error(self, request, client_address):
        # A client going away mid-response is normal in fault tests.
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return
        log(f"unhandled error for {client_address}:\n{traceback.format_exc()}")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive; every response has Content-Length

    # -- logging: quiet, except errors ---------------------------------------

    def log_message(self, format, *args):
        pass  # no per-request access log

    def log_error(self, format, *args):
        log(f"{self.address_string()}: {format % args}")

    def version_string(self):
        return "FakeRekognition"

    # -- low-level response writing ------------------------------------------

    def _send(self, status, body, content_type, extra_headers=()):
        """Send one complete response; a vanished client is tolerated."""
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in extra_headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
        except (ConnectionError, TimeoutError):
            self.close_connection = True

    def _send_control(self, status, payload):
        body = json.dumps(payload, indent=2).encode("utf-8")
        self._send(status, body, "application/json")

    def _send_aws_error(self, error, call=None):
        """Answer in the AWS JSON 1.1 error format.

        botocore's JSON error parser takes the code from "__type" (after any
        "namespace#" prefix) and the text from "message" or "Message"; the
        x-amzn-ErrorType header carries the code too.  Errors from
        Rekognition's own model also carry "Code" and "Logref", as the real
        service sends them.
        """
        model = self.server.model
        status = model.status_for_code(error.code)
        payload = {"__type": error.code}
        if error.code in model.error_shapes:
            payload["Code"] = error.code
            payload["Logref"] = str(uuid.uuid4())
        payload["Message"] = error.message
        body = json.dumps(payload).encode("utf-8")
        if call is not None:
            call["status"] = status
            call["error_code"] = error.code
        self._send(
            status,
            body,
            JSON_CONTENT_TYPE,
            [("x-amzn-ErrorType", error.code), ("x-amzn-RequestId", str(uuid.uuid4()))],
        )

    # -- request body --------------------------------------------------------

    def _read_body(self):
        """Read the request body (Content-Length or chunked).

        Returns None (after answering and closing) if the body cannot be
        framed, so the connection never gets out of sync.
        """
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return self._read_chunked_body()
        length_text = self.headers.get("Content-Length")
        if length_text is None:
            return b""
        try:
            length = int(length_text)
            if length < 0:
                raise ValueError
        except ValueError:
            self.close_connection = True
            self._send_aws_error(
                AwsError("SerializationException", f"Invalid Content-Length {length_text!r}")
            )
            return None
        if length > MAX_BODY_BYTES:
            self.close_connection = True
            self._send_aws_error(
                AwsError("SerializationException", f"Request body of {length} bytes is too large")
            )
            return None
        return self.rfile.read(length)

    def _read_chunked_body(self):
        chunks = []
        total = 0
        while True:
            size_line = self.rfile.readline(1024).split(b";", 1)[0].strip()
            try:
                size = int(size_line, 16)
            except ValueError:
                self.close_connection = True
                self._send_aws_error(AwsError("SerializationException", "Bad chunked encoding"))
                return None
            if size == 0:
                # Skip any trailers up to the empty line.
                while self.rfile.readline(8192).strip():
                    pass
                return b"".join(chunks)
            total += size
            if total > MAX_BODY_BYTES:
                self.close_connection = True
                self._send_aws_error(AwsError("SerializationException", "Request body too large"))
                return None
            chunks.append(self.rfile.read(size))
            self.rfile.readline(8)  # CRLF after the chunk

    # -- routing -------------------------------------------------------------

    def do_GET(self):
        path = urlsplit(self.path).path
        self._read_body()  # discard any body to keep the connection in sync
        if path == "/_fake/calls":
            self._send_control(200, self.server.state.calls_snapshot())
        else:
            self._send_control(404, {"error": f"no such endpoint: GET {path}"})

    def do_POST(self):
        path = urlsplit(self.path).path
        body = self._read_body()
        if body is None:
            return
        if path == "/":
            self._handle_service_request(body)
            return
        controls = {
            "/_fake/responses": self._control_responses,
            "/_fake/faults": self._control_faults,
            "/_fake/reset": self._control_reset,
        }
        handler = controls.get(path)
        if handler is None:
            self._send_control(404, {"error": f"no such endpoint: POST {path}"})
            return
        try:
            self._send_control(200, handler(body))
        except ControlError as error:
            self._send_control(400, {"error": str(error)})

    # -- control endpoints ---------------------------------------------------

    def _control_body(self, body):
        try:
            return parse_json_object(body, "control request body")
        except ValueError as error:
            raise ControlError(str(error)) from None

    def _control_responses(self, body):
        overrides = self._control_body(body)
        model = self.server.model
        for operation, response in overrides.items():
            if operation not in model.operations:
                raise ControlError(
                    f"unknown operation {operation!r}; expected one of "
                    f"{', '.join(SUPPORTED_OPERATIONS)}"
                )
            if response is None:
                continue
            problems = shape_problems(response, model.operations[operation].output_shape)
            if problems:
                raise ControlError(f"{operation} response is invalid:\n{problems}")
        return {"overridden": self.server.state.set_overrides(overrides)}

    def _control_faults(self, body):
        additions = self._control_body(body)
        for key, names in additions.items():
            if key != "*" and key not in SUPPORTED_OPERATIONS:
                raise ControlError(
                    f"unknown operation {key!r}; expected '*' or one of "
                    f"{', '.join(SUPPORTED_OPERATIONS)}"
                )
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                raise ControlError(f"faults for {key!r} must be a list of fault names")
            unknown = [n for n in names if n not in FAULTS]
            if unknown:
                raise ControlError(
                    f"unknown fault(s) {unknown}; expected any of {', '.join(FAULTS)}"
                )
        return {"queued": self.server.state.add_faults(additions)}

    def _control_reset(self, body):
        self.server.state.reset()
        return {"reset": True}

    # -- the service ---------------------------------------------------------

    def _handle_service_request(self, body):
        target = self.headers.get("X-Amz-Target")
        operation = None
        if target is not None:
            operation = target[len(TARGET_PREFIX):] if target.startswith(TARGET_PREFIX) else target
        call = {
            "operation": operation,
            "status": None,  # stays null while in flight and for "reset"
            "fault": None,
            "signature_valid": False,
            "access_key": None,
            "body_bytes": len(body),
            "error_code": None,
        }
        self.server.state.start_call(call)
        try:
            self._serve(body, target, call)
        except AwsError as error:
            self._send_aws_error(error, call)
        except Exception as error:  # a bug in the fake: say so, loudly
            log(f"internal error:\n{traceback.format_exc()}")
            self._send_aws_error(
                AwsError("InternalServerError", f"fake internal error: {error!r}"), call
            )

    def _serve(self, body, target, call):
        server = self.server
        model = server.model

        # 1. Signature.
        verify_signature(self, body, server.credentials, server.region, call)
        call["signature_valid"] = True

        # 2. Operation, content type, body.
        if target is None or not target.startswith(TARGET_PREFIX) or (
            call["operation"] not in model.operations
        ):
            raise AwsError(
                "UnknownOperationException",
                f"Unknown or unsupported X-Amz-Target {target!r}; this fake serves "
                + ", ".join(TARGET_PREFIX + op for op in SUPPORTED_OPERATIONS),
            )
        operation = call["operation"]
        operation_model = model.operations[operation]

        content_type = self.headers.get("Content-Type") or ""
        media_type = content_type.split(";", 1)[0].strip().lower()
        if media_type != JSON_CONTENT_TYPE:
            raise AwsError(
                "SerializationException",
                f"Content-Type must be {JSON_CONTENT_TYPE}, got {content_type!r}",
            )

        try:
            params = strip_nulls(parse_json_object(body, "Request body"))
        except ValueError as error:
            raise AwsError("SerializationException", f"Could not parse request body: {error}") from None

        problems = shape_problems(params, operation_model.input_shape)
        if problems:
            raise AwsError("InvalidParameterException", problems)
        check_images(params, operation_model.input_shape)

        # 3. Fault injection.
        fault = server.state.take_fault(operation)
        call["fault"] = fault
        if fault is not None and FAULTS[fault] is not None:
            code, message = FAULTS[fault]
            raise AwsError(code, message)
        if fault == "reset":
            self.close_connection = True  # closed with no response at all
            return
        if fault == "timeout":
            time.sleep(server.timeout_fault_seconds)

        # 4. The answer, checked against the output shape before it leaves.
        response = server.state.override_for(operation)
        if response is None:
            response = DEFAULT_BUILDERS[operation](params)
        problems = shape_problems(response, operation_model.output_shape)
        if problems:
            raise AwsError("InternalServerError", f"fake response invalid: {problems}")
        payload = json.dumps(response).encode("utf-8")
        if fault == "malformed":
            payload = payload[: max(1, len(payload) // 2)]
        call["status"] = 200
        self._send(200, payload, JSON_CONTENT_TYPE, [("x-amzn-RequestId", str(uuid.uuid4()))])


# ---------------------------------------------------------------------------
# Startup
# ---------------------------------------------------------------------------


def parse_credentials(values):
    """Turn AKID:SECRET[:SESSION_TOKEN] strings into {akid: (secret, token)}."""
    credentials = {}
    for value in values or [DEFAULT_CREDENTIAL]:
        parts = value.split(":", 2)
        if len(parts) < 2 or not parts[0] or not parts[1]:
            raise SystemExit(
                f"fake_rekognition: --credential must be AKID:SECRET[:SESSION_TOKEN], got {value!r}"
            )
        if parts[0] in credentials:
            raise SystemExit(f"fake_rekognition: access key {parts[0]!r} given twice")
        token = parts[2] if len(parts) == 3 and parts[2] else None
        credentials[parts[0]] = (parts[1], token)
    return credentials


def write_port_file(path, port):
    """Write the port atomically: temp file in the same directory, then rename."""
    directory = os.path.dirname(os.path.abspath(path))
    temp_path = os.path.join(directory, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    with open(temp_path, "w") as handle:
        handle.write(str(port))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp_path, path)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Test-only fake of AWS Rekognition.")
    parser.add_argument("--port-file", required=True, help="where to write the bound port")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0 = any free)")
    parser.add_argument("--region", default="us-east-1", help="region accepted in the SigV4 scope")
    parser.add_argument(
        "--credential",
        action="append",
        metavar="AKID:SECRET[:SESSION_TOKEN]",
        help=f"accepted credential, repeatable (default {DEFAULT_CREDENTIAL})",
    )
    parser.add_argument(
        "--timeout-fault-seconds",
        type=float,
        default=5.0,
        help="how long the 'timeout' fault stalls before answering",
    )
    args = parser.parse_args(argv)

    credentials = parse_credentials(args.credential)
    model = Model()
    self_test_defaults(model)

    server = FakeServer(
        ("127.0.0.1", args.port), model, credentials, args.region, args.timeout_fault_seconds
    )
    port = server.server_address[1]
    write_port_file(args.port_file, port)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
