"""``narrcheck serve``: a local web page where editors drop a draft and read its report.

See docs/SERVE.md. :func:`create_app` builds the Starlette app (tests drive
it with TestClient); :func:`run` binds the socket and serves it with uvicorn.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
from pathlib import Path

from ..readers import Limits
from .jobs import Settings

__all__ = ["Settings", "create_app", "run"]


def create_app(data: Path, settings: Settings | None = None):  # noqa: ANN201 - Starlette is imported lazily
    """The ASGI app storing uploads under ``data`` (see :func:`narrcheck.serve.app.create_app`)."""
    from .app import create_app as _create

    return _create(data, settings)


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (raises OSError with the system's reason)."""
    info = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    sock = socket.socket(info[0], socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(info[4])
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def run(host: str, port: int, data: Path, *, jobs: int, timeout: float, limits: Limits) -> int:
    """Serve until Ctrl-C; return the exit status (2 with one line on stderr when it cannot start)."""
    try:
        import uvicorn
    except ImportError as exc:
        sys.stderr.write(f"narrcheck: serve: {exc.name} is not installed (pip install -e .)\n")
        return 2
    if not 0 <= port <= 65535:
        sys.stderr.write(f"narrcheck: --port {port}: not a port number (0 to 65535; 0 picks a free one)\n")
        return 2
    data = Path(data).resolve()
    if data.exists() and not data.is_dir():
        sys.stderr.write(f"narrcheck: {data}: --data must be a folder\n")
        return 2
    try:
        data.mkdir(parents=True, exist_ok=True)
        sock = _bind(host, port)
    except (OSError, UnicodeError) as exc:  # UnicodeError: a host name IDNA cannot encode
        where = data if not data.is_dir() else f"{host}:{port}"
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
        sys.stderr.write(f"narrcheck: {where}: {reason}\n")
        return 2
    app = create_app(data, Settings(limits=limits, jobs=jobs, timeout=timeout))
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    sys.stderr.write(
        f"narrcheck serve: 请在浏览器打开 http://{shown}:{bound}/ （上传的文件和报告保存在 {data}；按 Ctrl-C 停止）\n"
    )
    if not _loopback(host):
        sys.stderr.write(f"narrcheck serve: 注意：{host} 不是本机地址，能访问这个端口的人都能上传文件并查看所有报告\n")
    config = uvicorn.Config(app, log_level="warning", access_log=False, timeout_graceful_shutdown=5)
    uvicorn.Server(config).run(sockets=[sock])
    return 0
