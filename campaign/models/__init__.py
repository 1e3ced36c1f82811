"""Models of the campaign app, re-exported so ``campaign.models.X`` keeps working."""

from campaign.models.pages import CampaignPage, ThemePage
from campaign.models.sessions import Session, SessionFormSet, protected_sessions

__all__ = ["CampaignPage", "Session", "SessionFormSet", "ThemePage", "protected_sessions"]
