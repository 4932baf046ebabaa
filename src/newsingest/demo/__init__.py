"""The bundled offline demo news site and the server that hosts it on 127.0.0.1."""

from newsingest.demo.server import SITE_DIR, DemoSite, Reply

__all__ = ["SITE_DIR", "DemoSite", "Reply"]
