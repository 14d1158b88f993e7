"""The screenshots in docs/assets/ and the README, taken from the example handbook.

    python3 tests/browser/docs_screenshots.py        # builds the example, writes docs/assets/*.png

Not a test: run it after a change to how pages look, look at every image, and commit them.
Chromium is Debian's (/usr/bin/chromium), Mermaid the local copy, as in the browser tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from browser_support import CHROMIUM, CHROMIUM_ARGS, serve_directory  # noqa: E402

ROOT = HERE.parent.parent
ASSETS = ROOT / "docs" / "assets"
JOURNEY = "journeys/first-time-buyer/buying-home-cover/"
BLUEPRINT = "journeys/long-standing-homeowner/escape-of-water-claim/"
FUTURE = "journeys/first-time-buyer/buying-home-cover-2027/"
STAGE_LINK = "journeys/first-time-buyer/buying-home-cover/decision/#no-proof-for-lender"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
            cwd=ROOT, check=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1796515200"},
        )  # fmt: skip
        with serve_directory(site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)

            def page(width: int, height: int, scheme: str = "light") -> Any:
                context = browser.new_context(
                    viewport={"width": width, "height": height}, color_scheme=scheme
                )
                return context.new_page()

            shots = [
                (JOURNEY, 1440, 900, "light", "journey-page.png", None),
                (BLUEPRINT, 1440, 900, "dark", "journey-blueprint-dark.png", ".jm-map"),
                (FUTURE, 375, 812, "light", "journey-future-phone.png", None),
                (STAGE_LINK, 1440, 900, "light", "stage-deep-link.png", None),
                (STAGE_LINK, 375, 812, "light", "stage-deep-link-phone.png", None),
                ("journeys/pain-points/", 1440, 900, "light", "pain-register.png", None),
                ("journeys/", 1440, 900, "light", "landing.png", None),
            ]
            for path, width, height, scheme, name, element in shots:
                shown = page(width, height, scheme)
                shown.goto(base + path)
                shown.wait_for_timeout(400)
                target = shown.locator(element) if element else shown
                target.screenshot(path=str(ASSETS / name))
                sys.stdout.write(f"wrote {ASSETS / name}\n")
            printed = page(1440, 900)
            printed.goto(base + BLUEPRINT)
            pdf = Path(folder) / "print.pdf"
            printed.pdf(path=str(pdf), landscape=True, print_background=True)
            subprocess.run(
                ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                 str(ASSETS / "journey-print")],
                check=True,
            )  # fmt: skip
            sys.stdout.write(f"wrote {ASSETS / 'journey-print.png'}\n")
            browser.close()


if __name__ == "__main__":
    main()
