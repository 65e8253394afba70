"""Turn a municipality's list of long-term bijstand recipients into patient, personal contact.

Capabilities, each a subpackage with a small public API:
readability (plain-language checker), documents (letters and flyers as PDF), pictograms,
tracking (contact attempts and the reach funnel), messaging (SMS and WhatsApp follow-ups),
web (the coaches' pages) and cli (the `outreach` command).
"""

__version__ = "0.1.0"
