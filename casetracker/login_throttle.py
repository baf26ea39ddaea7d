"""Slow down password guessing on the admin login.

After LOGIN_FAILURE_LIMIT failed attempts for one username or from one address within
LOGIN_LOCKOUT_SECONDS, further attempts are refused (HTTP 429) until the window passes.
Counts live in Django's cache; a successful login does not reset another address's count.
"""

from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.shortcuts import render


def _keys(request) -> list[str]:
    address = request.META.get("REMOTE_ADDR", "unknown")
    username = (request.POST.get("username") or "").strip().lower()[:150]
    return [f"login-failures:addr:{address}", f"login-failures:user:{username}"]


def _limit() -> int:
    return getattr(settings, "LOGIN_FAILURE_LIMIT", 5)


def _window() -> int:
    return getattr(settings, "LOGIN_LOCKOUT_SECONDS", 15 * 60)


def admin_login(request, extra_context=None):
    if request.method != "POST":
        return admin.site.login(request, extra_context)
    keys = _keys(request)
    if any(cache.get(key, 0) >= _limit() for key in keys):
        minutes = _window() // 60
        return render(request, "admin/login_locked.html", {"minutes": minutes}, status=429)
    response = admin.site.login(request, extra_context)
    if not request.user.is_authenticated:
        for key in keys:
            cache.add(key, 0, _window())
            cache.incr(key)
    return response
