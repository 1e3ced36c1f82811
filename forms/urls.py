"""Public URLs of the forms app that are not pages; included inside ``i18n_patterns``."""

from django.urls import path

from forms.cancel import cancel_view
from forms.formfields import captcha_refresh
from forms.join import join_view

app_name = "forms"

urlpatterns = [
    path("cancel/<str:token>/", cancel_view, name="cancel"),
    path("join/<str:token>/", join_view, name="join"),
    path("captcha/refresh/", captcha_refresh, name="captcha_refresh"),
]
