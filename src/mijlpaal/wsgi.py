import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mijlpaal.settings")
application = get_wsgi_application()

# Import every view now, then move all that start-up made out of the garbage collector's sight: a
# full collection during a request scans only what requests made (on a big plan's dashboard that
# is some 70 ms of CPU less; bench/bench_pages.py).
get_resolver().url_patterns  # noqa: B018 - loads the URLconf and the views it names
gc.freeze()
