"""Security headers for the public site."""

from django.conf import settings

PUBLIC_CSP = "; ".join(
    [
        "default-src 'none'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """A strict Content-Security-Policy on public pages: no scripts at all, nothing third-party.

    The public site works without JavaScript, so it needs none. The admin (its own inline
    scripts and widgets) is left to Django's defaults.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + getattr(settings, "ADMIN_URL_PREFIX", "admin/")

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(self.admin_prefix):
            response.headers.setdefault("Content-Security-Policy", PUBLIC_CSP)
        return response
