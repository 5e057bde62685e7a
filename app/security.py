"""Security headers and CSRF protection for every response.

The Content-Security-Policy allows nothing from outside: no inline script or style, no third-party
requests, no framing. Consultation links must not leak through the Referer header.
"""

from flask import Flask, request

from app.extensions import csrf

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)


def init_security(app: Flask) -> None:
    csrf.init_app(app)
    app.after_request(add_security_headers)


def add_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    return response
