"""Gunicorn settings for dieuhanh behind nginx (``gunicorn -c deploy/gunicorn.conf.py dieuhanh.wsgi``).

Values come from the same environment file as the app (``/etc/dieuhanh/dieuhanh.env``).
"""

import json
import multiprocessing
import os

bind = os.environ.get("DIEUHANH_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("DIEUHANH_WEB_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = "sync"
# Issuing a notice renders and signs a PDF; a compiled report or a TTHC report can take tens of seconds.
timeout = int(os.environ.get("DIEUHANH_WEB_TIMEOUT", "120"))
graceful_timeout = 60
keepalive = 5
# No max_requests: a web TTHC import runs in a thread of the worker that received it, and recycling the worker
# would cut it short.
worker_tmp_dir = "/dev/shm"
# nginx on the same machine is the only client; it passes the scheme and the visitor's address.
forwarded_allow_ips = "127.0.0.1"
proxy_allow_ips = "127.0.0.1"

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("DIEUHANH_LOG_LEVEL", "info").lower()
if os.environ.get("DIEUHANH_LOG_FORMAT", "").lower() == "json":
    access_log_format = json.dumps(
        {
            "time": "%(t)s",
            "logger": "gunicorn.access",
            "remote": "%({x-real-ip}i)s",
            "method": "%(m)s",
            "path": "%(U)s",
            "query": "%(q)s",
            "status": "%(s)s",
            "bytes": "%(B)s",
            "ms": "%(M)s",
            "user_agent": "%(a)s",
        }
    )
else:
    access_log_format = '%({x-real-ip}i)s %(m)s %(U)s %(s)s %(B)sB %(M)sms "%(a)s"'
