"""One JSON encoder for the many small values of a big report."""

from __future__ import annotations

import json
from collections.abc import Callable
from json.encoder import c_make_encoder, encode_basestring
from typing import Any


def json_encoder(sort_keys: bool = False) -> Callable[[Any], str]:
    """`json.dumps(value, ensure_ascii=False, sort_keys=sort_keys)`, by one C encoder made once: json.dumps makes
    one per call (a 100,000-element report is encoded a row at a time, 300,000 calls). The report holds no value
    that contains itself: no check for cycles."""
    fallback = json.JSONEncoder(ensure_ascii=False, sort_keys=sort_keys)
    if c_make_encoder is None:  # a Python without the C accelerator
        return fallback.encode
    encode = c_make_encoder(None, fallback.default, encode_basestring, None, ": ", ", ", sort_keys, False, True)
    return lambda value: "".join(encode(value, 0))
