"""The local demo: its content (content.toml, files/) and the loader that builds it through the services (load.py)."""
