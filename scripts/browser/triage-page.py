#!/usr/bin/python3
"""Drives a triage page (`oopsy triage --format html`) in headless Chromium and checks what a
reader does with it: filter, sort, unfold, at a wide and a narrow window.

    triage-page.py PAGE.html [SCREENSHOT_DIR]

Needs Debian's chromium, chromium-driver and python3-selenium. Exits 1 naming every check that
failed; with SCREENSHOT_DIR, saves triage-1400.png and triage-800.png there.
"""
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def browser(width):
    o = Options()
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={width},1000"):
        o.add_argument(a)
    o.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)


def rows(d):
    return d.find_elements(By.CSS_SELECTOR, "#clusters tbody tr.cluster")


def visible(d):
    return [r for r in rows(d) if r.is_displayed()]


def column(d, index):
    return [r.find_elements(By.TAG_NAME, "td")[index] for r in visible(d)]


def header(d, name):
    return d.find_element(By.CSS_SELECTOR, f'#clusters th[data-col="{name}"]')


def run(page, shots):
    url = "file://" + os.path.abspath(page)
    d = browser(1400)
    try:
        d.get(url)
        all_rows = rows(d)
        n = len(all_rows)
        check(n >= 3, f"the page has {n} crash rows, the test needs at least 3")
        shown = d.find_element(By.ID, "shown")
        check(shown.text == f"{n} of {n} crashes", f"before filtering the count line reads {shown.text!r}")

        # Full width: the table spans the window, less the page's margins.
        inner = d.execute_script("return window.innerWidth")
        table = d.find_element(By.ID, "clusters").size["width"]
        check(table >= 0.9 * inner, f"the table is {table} px wide in a {inner} px window")

        # Filter: a word of the last row's kind and title keeps exactly the rows holding it.
        last = all_rows[-1]
        word = last.get_attribute("data-kind")
        expected = [r.get_attribute("data-rank") for r in all_rows if word in r.get_attribute("data-text")]
        box = d.find_element(By.ID, "filter")
        box.send_keys(word)
        got = [r.get_attribute("data-rank") for r in visible(d)]
        check(got == expected, f"filter {word!r} shows ranks {got}, expected {expected}")
        check(shown.text == f"{len(expected)} of {n} crashes", f"after filtering the count line reads {shown.text!r}")
        box.clear()
        box.send_keys("no-such-crash-anywhere")
        check(visible(d) == [], "a filter matching nothing leaves rows shown")
        d.execute_script("var f = document.getElementById('filter'); f.value = ''; f.dispatchEvent(new Event('input'));")
        check(len(visible(d)) == n, "clearing the filter does not bring every row back")

        # Sort: a number column's first click is descending, the second ascending; a text
        # column's first click ascending. The sorted column says so (aria-sort, an arrow).
        count = header(d, "count")
        count.click()
        counts = [int(c.get_attribute("data-v")) for c in column(d, 1)]
        check(counts == sorted(counts, reverse=True), f"count's first click gives {counts}")
        check(count.get_attribute("aria-sort") == "descending", "count's header does not say descending")
        count.click()
        counts = [int(c.get_attribute("data-v")) for c in column(d, 1)]
        check(counts == sorted(counts), f"count's second click gives {counts}")
        check(count.get_attribute("aria-sort") == "ascending", "count's header does not say ascending")
        title = header(d, "title")
        title.click()
        titles = [r.get_attribute("data-title") for r in visible(d)]
        check(titles == sorted(titles, key=str.lower), "title's first click does not sort titles A to Z")
        check(count.get_attribute("aria-sort") is None, "count still claims the sort after title took it")
        header(d, "rank").click()
        ranks = [int(r.get_attribute("data-rank")) for r in visible(d)]
        check(ranks == list(range(1, n + 1)), f"sorting by # does not restore the ranking: {ranks}")

        # Unfold: the first crash opens to its diagnosis and its own log.
        first = visible(d)[0]
        button = first.find_element(By.CSS_SELECTOR, "button.unfold")
        pre = d.find_element(By.CSS_SELECTOR, f"#detail-{first.get_attribute('data-rank')} pre")
        check(not pre.is_displayed(), "the log shows before the crash is unfolded")
        button.click()
        check(pre.is_displayed() and pre.text.strip() != "", "unfolding the first crash shows no log")
        check(button.get_attribute("aria-expanded") == "true", "the unfolded crash's button does not say so")
        # Sorting keeps the unfolded report under its crash.
        header(d, "count").click()
        following = d.execute_script(
            "var r = document.querySelector('#clusters tr.cluster[data-rank=\"' + arguments[0] + '\"]');"
            " return r.nextElementSibling.id;", first.get_attribute("data-rank"))
        check(following == f"detail-{first.get_attribute('data-rank')}", f"after sorting, the crash's next row is {following!r}")
        check(pre.is_displayed(), "sorting folded the unfolded report")
        header(d, "rank").click()
        where = first.get_attribute("data-first-line")
        check(where is not None and where in pre.text, "the unfolded log does not hold the report's first line")
        fits_and_shot(d, 1400, shots)
    finally:
        d.quit()

    d = browser(800)
    try:
        d.get(url)
        fits_and_shot(d, 800, shots)
    finally:
        d.quit()


def fits_and_shot(d, width, shots):
    """The page does not scroll sideways; with a folder, its screenshot is saved there."""
    check(d.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1"),
          f"the page scrolls sideways at {width} px")
    if shots:
        d.save_screenshot(os.path.join(shots, f"triage-{width}.png"))


if __name__ == "__main__":
    run(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
    for f in failures:
        print("triage page: " + f)
    sys.exit(1 if failures else 0)
