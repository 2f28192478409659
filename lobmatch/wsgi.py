import gc
import os

from django.core.cache import caches
from django.core.wsgi import get_wsgi_application
from django.template import engines
from django.urls import reverse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lobmatch.settings.production")

application = get_wsgi_application()

# What Django otherwise does on the first request of each worker: import every view and build the reverse lookups
# (the URL conf), set up the template engine with its tag libraries, and import the cache backend with its Redis
# client (that import alone took 0.2 s). gunicorn runs with --preload (docker-compose.yml): the master loads all this
# once and opens the port after it, and the workers it forks share it. Without that, the first visitors after a
# start waited about 2.4 s for three workers to load the application on two cores. None of it opens a connection
# to the database or Redis, which the workers would otherwise share (a test holds that).
reverse("healthz")
engines.all()
caches["default"]

# Python's cycle collector ran about twice per request and took a tenth of a web worker's time under load, most of
# it walking the objects made at start-up (Django, the apps, the URL conf), which live as long as the worker. Those
# are set aside (gc.freeze), and the collector runs after 10,000 new objects instead of 700: a request's objects
# are freed by reference counting anyway; the collector is only for cycles. Under the bench's mixed load this gave
# 6-14 % more requests per second and a p95 a fifth lower (bench/README.md).
gc.freeze()
gc.set_threshold(10_000, 10, 10)
