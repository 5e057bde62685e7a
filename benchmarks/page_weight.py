"""Prints the weight of each respondent page with everything it loads, on an empty cache.

Budget: under 30 KB per page, uncompressed. Run: ``python benchmarks/page_weight.py``.
It builds a throwaway SQLite database with the demo data and walks both demo surveys.
"""

import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.services.demo import load_demo_data  # noqa: E402
from app.services.surveys import sync_surveys  # noqa: E402

BUDGET = 30 * 1024
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def page_bytes(client, url: str, cache: dict) -> tuple[int, str]:
    html = client.get(url).get_data()
    total = len(html)
    for asset in sorted(set(ASSET.findall(html.decode()))):
        if asset not in cache:
            cache[asset] = len(client.get(asset).get_data())
        total += cache[asset]
    return total, html.decode()


def walk(client, slug: str, about: dict) -> list[tuple[str, int]]:
    cache: dict[str, int] = {}
    rows = [(f"/s/{slug}", page_bytes(client, f"/s/{slug}", cache)[0])]
    location = client.post(f"/s/{slug}/begin").location
    for _ in range(40):
        size, html = page_bytes(client, location, cache)
        rows.append((location, size))
        if location.endswith("/thank-you"):
            break
        choices = re.findall(r'name="answer" value="([^"]+)"', html)
        if location.endswith("/about"):
            data = dict(about)
        else:
            data = {"answer": choices[0]} if choices else {}
        location = client.post(location, data=data).location
    rows.append((f"/s/{slug}/help", page_bytes(client, f"/s/{slug}/help", cache)[0]))
    return rows


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "TESTING": True,
                "WTF_CSRF_ENABLED": False,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/weight.db",
            }
        )
        with app.app_context():
            db.create_all()
            sync_surveys()
            load_demo_data()
            client = app.test_client()
            rows = walk(client, "safe-places", {"age_band": "6-11"})
            rows += walk(
                app.test_client(),
                "hayes-community-safety",
                {"age_band": "25-44", "group": "residents"},
            )
    print(f"{'page':<60} {'bytes':>8}")
    for url, size in rows:
        flag = "" if size < BUDGET else "  OVER BUDGET"
        print(f"{url:<60} {size:>8}{flag}")
    heaviest = max(size for _url, size in rows)
    print(f"\nheaviest page: {heaviest} bytes (budget {BUDGET})")
    return 0 if heaviest < BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
