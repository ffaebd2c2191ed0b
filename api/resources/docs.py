"""GET /openapi.json (the 3.1 reference), GET /docs (Swagger UI) and the UI's own files.

Swagger UI comes from the swagger-ui-bundle package and is served from here, so the docs
work offline. That bundle renders OpenAPI 3.0 only, so the page loads a 3.0 rendering of
the same document.
"""

from __future__ import annotations

from functools import cached_property

import falcon
import swagger_ui_bundle

from ..openapi import PUBLIC, ApiSpec, Route, operation
from ..openapi_document import build_document, downgrade_to_3_0

STATIC_PREFIX = "/docs/static"
SWAGGER_UI_DIR = swagger_ui_bundle.swagger_ui_path
OPENAPI_DOCUMENT = {"type": "object", "required": ["openapi", "info", "paths"],
                    "description": "An OpenAPI document"}
HTML = {"type": "string", "description": "An HTML page"}

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title}</title>
  <link rel="stylesheet" href="{static}/swagger-ui.css">
  <link rel="icon" type="image/png" href="{static}/favicon-32x32.png" sizes="32x32">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{static}/swagger-ui-bundle.js"></script>
  <script src="{static}/swagger-ui-standalone-preset.js"></script>
  <script>
    window.ui = SwaggerUIBundle({{
      url: "/docs/openapi-3.0.json",
      dom_id: "#swagger-ui",
      deepLinking: true,
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      layout: "BaseLayout"
    }});
  </script>
</body>
</html>
"""


class OpenApiDocuments:
    """Both renderings, built on first use: every route is mounted by then."""

    def __init__(self, spec: ApiSpec) -> None:
        self.spec = spec

    @cached_property
    def v3_1(self) -> dict:
        return build_document(self.spec)

    @cached_property
    def v3_0(self) -> dict:
        return downgrade_to_3_0(self.v3_1)


class OpenApiResource:
    def __init__(self, documents: OpenApiDocuments) -> None:
        self.documents = documents

    @operation(summary="This API's OpenAPI 3.1 document", tag="docs", access=PUBLIC,
               responses={200: OPENAPI_DOCUMENT})
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = self.documents.v3_1


class OpenApi30Resource:
    def __init__(self, documents: OpenApiDocuments) -> None:
        self.documents = documents

    @operation(summary="The same document as OpenAPI 3.0.3, for older tools", tag="docs", access=PUBLIC,
               responses={200: OPENAPI_DOCUMENT})
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = self.documents.v3_0


class DocsPageResource:
    def __init__(self, title: str) -> None:
        self.page = _PAGE.format(title=title, static=STATIC_PREFIX)

    @operation(summary="Interactive API documentation (Swagger UI)", tag="docs", access=PUBLIC,
               responses={200: HTML}, media_type="text/html")
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.content_type = falcon.MEDIA_HTML
        resp.text = self.page


def routes(spec: ApiSpec) -> list[Route]:
    documents = OpenApiDocuments(spec)
    return [
        Route("/openapi.json", OpenApiResource(documents)),
        Route("/docs/openapi-3.0.json", OpenApi30Resource(documents)),
        Route("/docs", DocsPageResource(spec.title)),
    ]
