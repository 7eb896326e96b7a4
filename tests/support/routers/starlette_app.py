"""The near-miss route set of tests/test_routers.py on Starlette with its defaults."""

from __future__ import annotations

from typing import Any


def make_app() -> Any:
    """A Starlette app serving the route set (Starlette imported here: it is optional)."""
    from starlette.applications import Starlette  # noqa: PLC0415 - an optional package
    from starlette.requests import Request  # noqa: PLC0415
    from starlette.responses import PlainTextResponse  # noqa: PLC0415
    from starlette.routing import Route  # noqa: PLC0415

    async def ok(request: Request) -> PlainTextResponse:
        return PlainTextResponse("ok")

    return Starlette(
        routes=[
            Route("/v1/models", ok, methods=["GET"]),
            Route("/v1/models/{model}", ok, methods=["GET"]),
            Route("/v1/chat/completions", ok, methods=["POST"]),
            Route("/v1beta/models/{model}:generateContent", ok, methods=["POST"]),
            Route("/dash/", ok, methods=["GET"]),
        ]
    )


def make_fastapi_app() -> Any:
    """The same route set on FastAPI, whose router is Starlette's (FastAPI imported here)."""
    from fastapi import FastAPI  # noqa: PLC0415 - an optional package

    app = FastAPI()

    async def ok() -> str:
        return "ok"

    app.get("/v1/models")(ok)
    app.get("/v1/models/{model}")(ok)
    app.post("/v1/chat/completions")(ok)
    app.post("/v1beta/models/{model}:generateContent")(ok)
    app.get("/dash/")(ok)
    return app
