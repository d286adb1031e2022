"""gunicorn's settings for the web container (read from the working directory).

The access log keeps the path but never the query string or the referrer:
those can hold a card token, a name typed into a search box or a reset link.
Look-ups send them by POST anyway (issue: names and tokens in URLs); this is
the second line for a link someone built by hand.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = 120
accesslog = "-"
# %(U)s is the path without the query string; no %(f)s (referrer).
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss "%(a)s"'
