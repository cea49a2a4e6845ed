"""The built-in demo: fictional French content served on 127.0.0.1, collected through the real path."""

from veille.demo.config import demo_credentials, write_demo_config
from veille.demo.content import Incident
from veille.demo.feeds import DemoFeed
from veille.demo.server import serve_demo
from veille.demo.site import DemoSite, build_demo_site

__all__ = ["DemoFeed", "DemoSite", "Incident", "build_demo_site", "demo_credentials", "serve_demo",
           "write_demo_config"]
