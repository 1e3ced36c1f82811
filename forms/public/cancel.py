"""The cancel link in the e-mails opens the registrant's "my registration" page (``forms.public.mine``).

Same signed token and same address as before, so every link already sent keeps working; the
page still cancels what is posted without an action, as the old cancel page did.
"""

from forms.public.mine import my_registration as cancel_view

__all__ = ["cancel_view"]
