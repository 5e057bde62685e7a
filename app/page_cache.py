"""Respondent pages rendered once for everything they show, then served from memory.

A question page is the same for every phone that sees the same question, in the same language,
with the same choices ticked, at the same point of the survey: rendering it again (Jinja, some
thirty translations, the language picker) was about two fifths of the page's work. The welcome
and "about you" pages are kept the same way: a whole room asks for them in the same minute. Each
view names everything its page shows in a key; the page is rendered with a secret placeholder
where the form's CSRF token goes, kept in a bounded LRU cache per app, and each request swaps in
its own token.

What is never kept: a page with an error message (it shows what was sent), a page that shows
text somebody typed (free text stays in the database only), and a page whose address has a
query string (the language picker repeats it). ``PAGE_CACHE_SIZE = 0`` turns the cache off.
"""

import secrets
import threading
from collections import OrderedDict
from collections.abc import Hashable

from flask import current_app, render_template, request
from flask_babel import get_locale

from app.csrf_tokens import csrf_token
from app.i18n import offered_locales

# Where the token goes in a kept page: random per process, so no answer can contain it.
CSRF_SLOT = f"csrf-slot-{secrets.token_hex(16)}"


class PageCache:
    """A thread-safe LRU of rendered pages (gunicorn's threads share a worker's cache)."""

    def __init__(self, size: int):
        self.size = size
        self._pages: OrderedDict[Hashable, str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> str | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: Hashable, page: str) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def pages(self) -> list[str]:
        with self._lock:
            return list(self._pages.values())

    def __len__(self) -> int:
        return len(self._pages)


def init_page_cache(app) -> None:
    app.extensions["page_cache"] = PageCache(app.config["PAGE_CACHE_SIZE"])


def page_cache() -> PageCache:
    return current_app.extensions["page_cache"]


def page_key(*parts: Hashable) -> tuple | None:
    """``parts`` (what the view shows) with what every page shows of its request: its address,
    language and the languages on offer. None, so never kept, when the address has a query."""
    if request.query_string:
        return None
    where = (request.script_root, request.path, str(get_locale()), tuple(offered_locales()))
    return (*where, *parts)


def render_kept(key: Hashable | None, template: str, **context) -> str:
    """``render_template(template, **context)``, from the cache when ``key`` has been seen.

    ``key`` must name everything the page shows apart from what every request of this app shares
    (its catalogues, templates and configuration) and the CSRF token; None renders afresh.
    """
    cache = page_cache()
    if key is None or cache.size <= 0:
        return render_template(template, **context)
    key = (template, key)
    page = cache.get(key)
    if page is None:
        page = render_template(template, csrf_token=_csrf_slot, **context)
        cache.put(key, page)
    return page.replace(CSRF_SLOT, csrf_token())


def _csrf_slot() -> str:
    return CSRF_SLOT
