"""ea-repo: enterprise-architecture repository and standards compliance checker for Norwegian kommuner."""

__version__ = "0.1.0"
