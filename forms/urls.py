"""Public URLs of the forms app that are not pages; included inside ``i18n_patterns``."""

from django.urls import path

from forms.public.cancel import cancel_view
from forms.public.feeds import feed_view
from forms.public.formfields import captcha_refresh
from forms.public.join import join_view

app_name = "forms"

urlpatterns = [
    path("cancel/<str:token>/", cancel_view, name="cancel"),
    path("calendar/<str:token>.ics", feed_view, name="feed"),
    path("join/<str:token>/", join_view, name="join"),
    path("captcha/refresh/", captcha_refresh, name="captcha_refresh"),
]
