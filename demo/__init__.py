"""The built-in demo: fictional French content served on 127.0.0.1, collected through the real path."""

from demo.config import demo_credentials, write_demo_config
from demo.content import Incident
from demo.feeds import DemoFeed
from demo.server import serve_demo
from demo.site import DemoSite, build_demo_site

__all__ = ["DemoFeed", "DemoSite", "Incident", "build_demo_site", "demo_credentials", "serve_demo",
           "write_demo_config"]
