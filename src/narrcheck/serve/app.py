"""The editors' web page: a Starlette app over the job board and the store.

Routes (pages in Chinese; the API answers JSON with a one-line ``error``):

* ``GET /`` — drop or choose a draft (and a tables file), the documents checked so far.
* ``POST /api/check`` — multipart ``narrative`` (+ ``tables``, ``name``): 202 with the job's
  status URL; ``?wait=1`` (or a plain form post without JavaScript) waits for the result.
* ``GET /api/jobs/{job}`` — the progress indicator's poll.
* ``GET /u/{id}`` — one draft: summary, downloads, what changed since the previous draft,
  and the same report as ``narrcheck check --format html`` in a sandboxed frame.
* ``GET /u/{id}/report``, ``/u/{id}/diff`` — the report and ``narrcheck diff`` pages themselves;
  ``/u/{id}/report.json``, ``/u/{id}/annotated`` — downloads.

Safe by construction: request bodies are capped while they stream in; a
client's file name is only ever displayed (escaped) and picks an extension
from a fixed list; every page is rendered with autoescape and a strict
Content-Security-Policy; the report and the diff (which hold document text)
are served sandboxed, with no script access to this page; a cross-site
form post is refused; any failure answers one line and the server goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import Any, AsyncIterator
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import __version__
from ..render.html import VERDICT_LABEL
from . import work
from .guard import SANDBOX_CSP, BodyLimit, SecurityHeaders
from .jobs import Job, JobBoard, Settings, display_filename, display_text, suffix_of
from .store import Store

HERE = Path(__file__).parent
CHUNK = 1024 * 1024


def _env() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


async def _save(upload: UploadFile, dest: Path, max_bytes: int, shown: str) -> None:
    """Copy an uploaded file to ``dest`` in chunks, refusing it once it passes ``max_bytes``."""
    size = 0
    with open(dest, "wb") as fh:
        while chunk := await upload.read(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise HTTPException(413, f"{shown}: file is over the {_mb(max_bytes)} limit (--max-mb)")
            fh.write(chunk)
    if size == 0:
        raise HTTPException(400, f"{shown}: the file is empty")


def _file(form: Any, key: str) -> UploadFile | None:
    value = form.get(key)
    if isinstance(value, UploadFile) and (value.filename or value.size):
        return value
    return None


def _checked_suffix(upload: UploadFile) -> tuple[str, str]:
    """(display name, extension) of an upload, or a 400 naming the file when narrcheck cannot read its kind."""
    shown = display_filename(upload.filename)
    suffix = suffix_of(shown)
    if suffix is None:
        why = (
            "a legacy Word file (.doc): save it as .docx"
            if shown.lower().endswith(".doc")
            else "not a file narrcheck reads (.docx .pdf .xlsx .xls .txt .html)"
        )
        raise HTTPException(400, f"{shown}: {why}")
    return shown, suffix


class App:
    """The state one server holds: its store, its job board and its templates."""

    def __init__(self, data: Path, settings: Settings) -> None:
        self.store = Store(data)
        self.board = JobBoard(self.store, settings)
        self.settings = settings
        self.env = _env()

    def page(self, template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        """A page from serve/templates (autoescaped) with the limits and known document names filled in."""
        ctx.setdefault("version", __version__)
        ctx.setdefault("max_mb", self.settings.limits.max_bytes // (1024 * 1024))
        ctx.setdefault("max_pages", self.settings.limits.max_pages)
        ctx.setdefault("names", [d["name"] for d in self.store.documents()])
        return HTMLResponse(self.env.get_template(template).render(**ctx), status_code=status)

    # ------------------------------------------------------------------ pages

    async def index(self, request: Request) -> Response:
        return self.page("index.html.j2", documents=self.store.documents(), name="")

    async def upload_page(self, request: Request) -> Response:
        row = self._row(request)
        drafts = self.store.drafts(row["name"])
        return self.page("upload.html.j2", row=row, drafts=drafts, name=row["name"], verdict_label=VERDICT_LABEL)

    def _row(self, request: Request) -> dict[str, Any]:
        row = self.store.get(request.path_params["id"])
        if row is None:
            raise HTTPException(404, "no such upload")
        return row

    def _stored(self, request: Request, name: str | None) -> Path:
        """One stored output of the upload in the URL (a fixed name inside its folder), or 404."""
        row = self._row(request)
        path = self.store.folder(row["id"]) / name if name else None
        if path is None or not path.is_file():
            raise HTTPException(404, "not available for this upload")
        return path

    async def report(self, request: Request) -> Response:
        path = self._stored(request, work.REPORT)
        return HTMLResponse(path.read_text(encoding="utf-8"), headers={"Content-Security-Policy": SANDBOX_CSP})

    async def diff(self, request: Request) -> Response:
        path = self._stored(request, work.DIFF)
        return HTMLResponse(path.read_text(encoding="utf-8"), headers={"Content-Security-Policy": SANDBOX_CSP})

    async def report_json(self, request: Request) -> Response:
        row = self._row(request)
        return _download(self._stored(request, work.JSON), row, "narrcheck.json", "application/json")

    async def annotated(self, request: Request) -> Response:
        row = self._row(request)
        path = self._stored(request, row["annotated"])
        kind = (
            "application/pdf"
            if path.suffix == ".pdf"
            else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        return _download(path, row, "narrcheck" + path.suffix, kind)

    # ------------------------------------------------------------------ API

    async def check(self, request: Request) -> Response:
        """Take an upload, stage it, queue it; answer with the job (or its result when asked to wait)."""
        if self.board.busy():
            raise HTTPException(503, "the server is busy checking other uploads; try again in a minute")
        async with request.form(max_files=2, max_fields=8) as form:
            job = await self._stage(form)
        wants_json = (
            "application/json" in request.headers.get("accept", "") or request.query_params.get("wait") is not None
        )
        if not wants_json:  # a plain form post (no JavaScript): wait, then show the draft or the error
            await self._wait(job)
            if job.upload_id is not None:
                return RedirectResponse(f"/u/{job.upload_id}", status_code=303)
            return self.page("error.html.j2", status=422, error=job.error)
        if request.query_params.get("wait"):
            await self._wait(job)
            code = 200 if job.upload_id is not None else 422
            return JSONResponse(self.board.snapshot(job), status_code=code)
        return JSONResponse(self.board.snapshot(job) | {"status_url": f"/api/jobs/{job.id}"}, status_code=202)

    async def _stage(self, form: Any) -> Job:
        """Validate the form, write its files under fixed names in a new job's folder, and queue the job."""
        narrative, tables = _file(form, "narrative"), _file(form, "tables")
        if narrative is None:
            raise HTTPException(400, "choose a draft to check (.docx .pdf .xlsx .xls .txt .html)")
        shown, suffix = _checked_suffix(narrative)
        t_shown, t_suffix = _checked_suffix(tables) if tables is not None else (None, None)
        raw_name = form.get("name")
        name = (
            display_text(raw_name if isinstance(raw_name, str) else "")
            or display_text(shown.rsplit(".", 1)[0])
            or shown
        )
        job = self.board.new(name, shown, t_shown)
        try:
            limit = self.settings.limits.max_bytes
            await _save(narrative, job.folder / f"narrative{suffix}", limit, shown)
            tables_path = None
            if tables is not None:
                tables_path = job.folder / f"tables{t_suffix}"
                await _save(tables, tables_path, limit, t_shown or "")
        except HTTPException as exc:
            self.board.discard(job, str(exc.detail))
            raise
        except BaseException:
            self.board.discard(job, "upload interrupted")
            raise
        self.board.submit(job, str(job.folder / f"narrative{suffix}"), str(tables_path) if tables_path else None)
        return job

    async def _wait(self, job: Job) -> None:
        while not job.done.is_set():
            await asyncio.sleep(0.05)

    async def job_status(self, request: Request) -> Response:
        job = self.board.get(request.path_params["job"])
        if job is None:
            raise HTTPException(404, "no such job (finished more than an hour ago?)")
        return JSONResponse(self.board.snapshot(job))

    async def documents(self, request: Request) -> Response:
        rows = [
            {k: d[k] for k in ("id", "name", "draft", "drafts", "created", "filename", "status", "summary")}
            for d in self.store.documents()
        ]
        return JSONResponse(rows)


def _download(path: Path, row: dict[str, Any], fallback: str, media_type: str) -> Response:
    """The file as an attachment named after the editor's draft (UTF-8 name, ASCII fallback)."""
    stem = row["filename"].rsplit(".", 1)[0]
    name = f"{stem}（第{row['draft']}稿·narrcheck）{path.suffix}"
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
    return FileResponse(path, media_type=media_type, headers={"Content-Disposition": disposition})


async def _http_error(request: Request, exc: Exception) -> Response:
    """Every error as one line: JSON for the API, a short page otherwise."""
    code = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else f"internal error ({type(exc).__name__}); please report"
    line = work.one_line(detail)
    app: App = request.app.state.narrcheck
    if request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"error": line}, status_code=code)
    return app.page("error.html.j2", status=code, error=line)


def create_app(data: Path, settings: Settings | None = None) -> Starlette:
    """The ASGI app; its worker processes start and stop with the app's lifespan."""
    state = App(Path(data), settings or Settings())

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        state.board.start()
        try:
            yield
        finally:
            state.board.close()
            state.store.close()

    routes = [
        Route("/", state.index),
        Route("/api/check", state.check, methods=["POST"]),
        Route("/api/jobs/{job:str}", state.job_status),
        Route("/api/documents", state.documents),
        Route("/u/{id:int}", state.upload_page),
        Route("/u/{id:int}/report", state.report),
        Route("/u/{id:int}/diff", state.diff),
        Route("/u/{id:int}/report.json", state.report_json),
        Route("/u/{id:int}/annotated", state.annotated),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(
        routes=routes, lifespan=lifespan, exception_handlers={HTTPException: _http_error, Exception: _http_error}
    )
    app.state.narrcheck = state
    max_body = 2 * state.settings.limits.max_bytes + CHUNK
    app.add_middleware(BodyLimit, max_bytes=max_body)
    app.add_middleware(SecurityHeaders)
    return app
