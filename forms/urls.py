"""Public URLs of the forms app that are not pages; included inside ``i18n_patterns``."""

from django.urls import path

from forms.public.feeds import feed_view
from forms.public.formfields import captcha_refresh
from forms.public.join import join_view
from forms.public.mine import my_registration

app_name = "forms"

urlpatterns = [
    # "cancel/": the address the e-mails have always carried, now the "my registration" page.
    path("cancel/<str:token>/", my_registration, name="cancel"),
    path("calendar/<str:token>.ics", feed_view, name="feed"),
    path("join/<str:token>/", join_view, name="join"),
    path("captcha/refresh/", captcha_refresh, name="captcha_refresh"),
]
