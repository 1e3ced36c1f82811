"""Run by ``test_sqlite_load.py`` in a child process on the browser tests' SQLite file.

Fifty visitors, each with their own address and cookies, open the demo form, solve its sum,
then all post at the same moment, through the whole Django stack (middleware, views, captcha,
seats) in fifty threads. Prints the status codes as JSON.
"""

import json
import re
import threading
from concurrent.futures import ThreadPoolExecutor

from captcha.models import CaptchaStore
from django.db import connections
from django.test import Client

FORM = "/nl/dorpaanzet/inschrijven/"


def prepare(n):
    client = Client(HTTP_HOST="localhost", HTTP_X_FORWARDED_FOR=f"2001:db8:50::{n + 1:x}")
    html = client.get(FORM).content.decode()
    pick = lambda pattern: re.search(pattern, html).group(1)  # noqa: E731
    key = pick(r'name="captcha_0" value="([^"]+)"')
    data = {
        "csrfmiddlewaretoken": pick(r'name="csrfmiddlewaretoken" value="([^"]+)"'),
        "captcha_0": key,
        "captcha_1": CaptchaStore.objects.get(hashkey=key).response,
        "naam": f"Persoon {n}",
        "e-mailadres": f"load-{n}@example.org",
        "postcode-of-gemeente": "3020 Herent",
        "sessies": pick(r'name="sessies" value="(\d+)"'),
        "ik-kom-als": pick(r'name="ik-kom-als" value="([^"]+)"'),
        "hebt-u-hulp-met-de-taal-nodig": pick(r'name="hebt-u-hulp-met-de-taal-nodig" value="([^"]+)"'),
        pick(r'name="(ik-geef[^"]+)"'): "on",
    }
    return client, data


def run(people=50):
    visitors = [prepare(n) for n in range(people)]
    connections.close_all()
    start = threading.Barrier(people)

    def send(visitor):
        client, data = visitor
        start.wait()
        try:
            return client.post(FORM, data).status_code
        except Exception as error:  # a 500 raised through the test client
            return f"{type(error).__name__}: {error}"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=people) as pool:
        print(json.dumps(list(pool.map(send, visitors))))  # noqa: T201
