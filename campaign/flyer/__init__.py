"""The printed flyer of a campaign, made from the campaign page in each language.

- ``content``: what the flyer says, gathered from the page, its themes and sessions;
- ``qr``: the QR code to the registration form (segno, vector SVG);
- ``render``: the print template to a tagged PDF (WeasyPrint) and the social card to PNG;
- ``files``: the cached files, keyed on the campaign's freshness mark and language;
- ``views``: the responses of ``CampaignPage``'s routes ``flyer.pdf``, ``poster.pdf`` and
  ``social-card.png``.
"""
