"""cleaner: scraped pages in, the article alone out, as canonical text with its metadata."""

from .document import Document, Verdict
from .errors import CleanerError, DecodeError, FrontMatterError, RuleError, RuleTimeout
from .pipeline import clean, warm_up
from .rules import RuleSet

__all__ = [
    "CleanerError",
    "DecodeError",
    "Document",
    "FrontMatterError",
    "RuleError",
    "RuleSet",
    "RuleTimeout",
    "Verdict",
    "clean",
    "warm_up",
]
__version__ = "0.1.0"
