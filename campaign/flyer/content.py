"""What a flyer says, gathered from the campaign page in its own language.

Nothing here is written for the flyer alone: the title, hashtag, tagline and themes are the
page's, the days come from the sessions (``CampaignPage.get_event_days``), the address from
the registration hook (``CampaignPage.get_registration_url``). An editor only fills in the
optional flyer panel (a shorter introduction, summaries on or off, an image).
"""

import base64
import mimetypes
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from campaign import conf


@dataclass
class FlyerImage:
    data_uri: str
    alt: str


@dataclass
class FlyerContent:
    language: str
    title: str
    hashtag: str
    tagline: str
    intro: str
    event_days: list
    themes: list
    show_summaries: bool
    notes: list
    campaign_url: str
    registration_url: str = ""
    image: FlyerImage | None = None

    @property
    def intro_paragraphs(self):
        """The introduction as the editor typed it: an empty line starts a new paragraph."""
        return [" ".join(p.split()) for p in re.split(r"\n\s*\n", self.intro) if p.strip()]

    @property
    def campaign_address(self):
        return short_address(self.campaign_url)

    @property
    def registration_address(self):
        return short_address(self.registration_url) if self.registration_url else ""


def short_address(url):
    """The address as people type it: no ``https://``, no closing slash."""
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}".rstrip("/")


def absolute_url(url, page, request=None):
    """A page's URL as it must be printed: always with its host.

    ``CAMPAIGN_FLYER_BASE_URL`` wins for a relative URL (the public address of the site);
    otherwise the host of the request that asked for the flyer, else the page's site.
    """
    if not url or urlsplit(url).scheme:
        return url
    base = conf.flyer_base_url()
    if base:
        return base + url
    if request is not None:
        return request.build_absolute_uri(url)
    return page.get_site().root_url + url


def session_notes(themes):
    """Each different public note of the sessions ("Online via Teams"), in the order met."""
    notes = []
    for theme in themes:
        for session in theme.sessions.all():
            note = session.note.strip()
            if note and note not in notes:
                notes.append(note)
    return notes


def flyer_image(image, max_size="max-1600x1000"):
    """The image as a data URI, so rendering never fetches a URL (any storage backend works)."""
    if image is None:
        return None
    rendition = image.get_rendition(max_size)
    with rendition.file.open("rb") as fh:
        data = fh.read()
    mime = mimetypes.guess_type(rendition.file.name)[0] or "image/jpeg"
    return FlyerImage(
        data_uri=f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}",
        alt=image.default_alt_text or "",
    )


def registration_url(page, request=None):
    """The absolute address of the page's registration form, or "" when it has none."""
    return absolute_url(page.get_registration_url(request) or "", page, request)


def gather(page, request=None, registration=None):
    """The content of ``page``'s flyer (a ``CampaignPage`` in the language to print).

    ``registration``: the form's address when the caller already looked it up.
    """
    themes = list(page.get_themes())
    return FlyerContent(
        language=page.locale.language_code,
        title=page.title,
        hashtag=page.hashtag,
        tagline=page.tagline,
        intro=(page.flyer_intro or page.intro).strip(),
        event_days=page.get_event_days(themes),
        themes=[{"title": t.title, "summary": t.summary} for t in themes],
        show_summaries=page.flyer_show_summaries,
        notes=session_notes(themes),
        campaign_url=absolute_url(page.get_url(request), page, request),
        registration_url=registration_url(page, request) if registration is None else registration,
        image=flyer_image(page.flyer_image),
    )
