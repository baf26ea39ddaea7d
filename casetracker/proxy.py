"""The client's address, read through the reverse proxies this site trusts.

Each proxy appends the address it received the request from to X-Forwarded-For, and the
last proxy is the one connecting to us (REMOTE_ADDR). Behind N trusted proxies
(settings.TRUSTED_PROXY_COUNT) the client's address is therefore the N-th entry from the
right; anything to its left was written by the client itself and is ignored. A request with
fewer entries did not pass through every proxy, and is known only by REMOTE_ADDR.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if len(forwarded) < count:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:  # not an address: a misconfigured proxy, never trusted
        return remote
