"""Settings every environment shares.

Environment-specific values (database, secrets, mail) live in ``dev``, ``test`` and
``production``; this module never reads secrets.
"""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

INSTALLED_APPS = [
    "home",
    "campaign",
    "forms",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "captcha",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "cms.csp.SiteCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms.middleware.SiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # ``request.user.is_verified()``: has this session passed the second factor (forms/second_factor.py)?
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Turns a locked-out login into the lockout page (AXES_LOCKOUT_TEMPLATE).
    "axes.middleware.AxesMiddleware",
    # Last, so the stored registration form gets every header above (forms/pagecache.py).
    "forms.public.pagecache.RegistrationPageCacheMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: it refuses a locked-out username and address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Dutch is the source language. Adding a language is a change here plus a
# catalogue in locale/ (see locale/README.md), never a code change.
# SQLite (make run, the browser tests): concurrent registrations queue for the write lock
# instead of failing with "database is locked" when they upgrade a read transaction, and wait
# up to 20 s for it.
SQLITE_OPTIONS = {"transaction_mode": "IMMEDIATE", "timeout": 20}

LANGUAGE_CODE = "nl"
LANGUAGES = [
    ("nl", _("Dutch")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ar", _("Arabic")),
    ("uk", _("Ukrainian")),
    ("tr", _("Turkish")),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Herent doet mee"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
# No avatars from gravatar.com: the admin must not tell a third party who works in it (and a
# closed network cannot reach it, so the pictures broke). Wagtail shows its default avatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor asks releases.wagtail.org for a newer version from every admin home page (the
# Content-Security-Policy allows no outside address anyway): updates come with requirements.txt.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]

# Background work (e-mail) runs as Django tasks. Dev and tests run them at once;
# production queues them in the database for ``manage.py db_worker``.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# The campaign app adds registration pages under a campaign without importing them.
CAMPAIGN_EXTRA_SUBPAGE_TYPES: list[str] = ["campaign_forms.RegistrationFormPage"]
# Where editors may add a registration form: under a campaign, or as a general form.
CAMPAIGN_FORMS_PARENT_PAGE_TYPES = ["campaign.CampaignPage", "home.HomePage"]

CAPTCHA_CHALLENGE_FUNCT = "captcha.helpers.math_challenge"
# The sum shows "3 × 4", not the programmer's "3 * 4".
CAPTCHA_MATH_CHALLENGE_OPERATOR = "×"
# A sum people can read: large dark digits, hardly tilted, no lines or dots across them (the
# default is about 60×20 px of jumbled grey). The picture stops nobody who reads images
# anyway: the honeypot and the per-address limit do the real work (forms/formfields.py).
CAPTCHA_IMAGE_SIZE = (220, 76)
CAPTCHA_FONT_SIZE = 44
CAPTCHA_LETTER_ROTATION = (-4, 5)
CAPTCHA_FOREGROUND_COLOR = "#1a1a1a"
CAPTCHA_NOISE_FUNCTIONS = ()
# Operators and "=" are drawn with the digit before them, so they keep their height in the line.
CAPTCHA_PUNCTUATION = "×+-="

# The campaign app is reusable: the site says where campaigns may live.
CAMPAIGN_PARENT_PAGE_TYPES = ["home.HomePage"]

# Each language's name as its speakers write it in a language switcher, where Django's
# own spelling differs from common use (Django writes "العربيّة" and "français").
LANGUAGE_NAMES_LOCAL = {"ar": "العربية", "fr": "Français"}

# A new translation starts as a draft: the translator publishes it once its text is translated,
# so no Arabic page goes live with Dutch text. (wagtail-localize's default copies the source's
# live status.)
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# No autosave in the page editor. Wagtail's autosave raced with the editor's own "Publish" on
# the same page: a form published once showed "a newer version was saved in another window",
# its history listed two drafts from the same second, and a page published right after the
# first autosave was refused as a duplicate of itself. Editors save with "Save draft" and
# "Publish"; Wagtail still warns before leaving a page with unsaved changes.
WAGTAIL_AUTOSAVE_INTERVAL = 0

# Staff choose the admin's language among the site's own six, each with complete catalogues.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Wagtail's own login form shows "Password" in English in every language.
WAGTAILADMIN_USER_LOGIN_FORM = "campaign.admin_forms.LoginForm"

# Staff login (django-axes). After AXES_FAILURE_LIMIT wrong passwords for one username from one
# address, that pair is locked: the right password no longer logs in either, until the cool-off
# has passed or an administrator unlocks it (``manage.py axes_reset_username NAME``, README
# "Security"). Counting the pair, not the username alone, means nobody can lock a colleague out
# from elsewhere. The attempts are kept in the database (axes' database handler), which every
# app server shares, and which keeps them through a restart or a full cache; the address is the
# one the registration limit uses, so it is right behind the reverse proxies.
AXES_FAILURE_LIMIT = 10
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_CLIENT_IP_CALLABLE = "forms.public.ratelimit.client_address"
AXES_LOCKOUT_CALLABLE = "campaign.lockout.lockout_response"
# The second factor (django-otp) for everyone who may see personal data (forms/second_factor.py):
# the name the authenticator app shows next to the code.
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME

# Open Graph names a language with its territory (share cards, ``og:locale``). A language not
# listed here is given as its bare code, which Open Graph readers also accept.
OPEN_GRAPH_LOCALES = {
    "nl": "nl_BE",
    "en": "en_GB",
    "fr": "fr_BE",
    "ar": "ar_AR",
    "uk": "uk_UA",
    "tr": "tr_TR",
}

# Content-Security-Policy (django-csp; cms/csp.py chooses the policy per response). The public
# pages load scripts, styles, images and fonts from the site itself and nothing inline: no
# ``unsafe-inline`` or ``unsafe-eval``, no ``style`` attributes. A template that needs an
# inline script puts ``nonce="{{ request.csp_nonce }}"`` on it; the header then names that
# request's nonce (the stored form copy gets a fresh one per visitor, forms/pagecache.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# What the admin (under /admin/) changes in that policy, measured on every admin screen the
# browser tests open (tests/browser/csp.py). Wagtail 8 and wagtail-localize 1.14 have no nonce
# support: their widgets and panels write inline <script> elements, their scripts (jQuery in
# Wagtail's vendor.js) run the inline scripts of HTML they insert, and vendor.js and the
# translation editor insert <style> elements. So inline script and style elements are allowed
# there; inline event handlers (onclick=…, the usual form of injected script) are not, as
# Wagtail uses none; nor is eval. The preview panel frames the admin's own preview page.
CSP_ADMIN_DIRECTIVES = {
    "script-src": [SELF, UNSAFE_INLINE],
    "script-src-elem": [SELF, UNSAFE_INLINE],
    "script-src-attr": [NONE],
    "style-src": [SELF, UNSAFE_INLINE],
    # The image uploader shows each new image from a blob: address before it is sent.
    "img-src": [SELF, "blob:"],
    "frame-ancestors": [SELF],
}
# Admin views of our own that need none of the admin's exceptions.
CSP_STRICT_ADMIN_VIEWS = ["campaign_dashboards:attendees"]

# Browser features no page of the site uses, switched off for the site and anything it embeds.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
