"""Production settings: secrets from the environment, and a clean ``check --deploy``."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": "x7!k2-" + "a" * 20 + "Zq9#Lm4$Tr8@Vb1^Np6&Hs3*Jd5(Wf0)Gc",
    "ALLOWED_HOSTS": "dorpaanzet.example.org",
    "DATABASE_URL": "postgres://app@db.example.org:5432/dorpaanzet",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "TRUSTED_PROXIES": "1",  # behind the TLS proxy the README describes
}


def run_manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = dict(PRODUCTION_ENV)
    env.pop("SECRET_KEY")
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_no_secret_in_production_settings():
    text = (ROOT / "cms" / "settings" / "production.py").read_text()
    assert "SECRET_KEY = os.environ[" in text


def test_the_admin_asks_no_third_party_for_avatars(client, django_user_model):
    """Issue 8: avatars came from gravatar.com: broken pictures on a closed network, and every
    admin page told a third party who works in it. Wagtail's own default avatar instead."""
    from django.templatetags.static import static
    from wagtail.users.utils import get_gravatar_url

    user = django_user_model.objects.create_superuser("staff", "staff@herent.example", "pw")
    assert get_gravatar_url(user.email) is None
    client.force_login(user)
    for url in ("/admin/", "/admin/account/"):
        html = client.get(url, follow=True).content.decode()
        assert "gravatar" not in html, url
        assert static("wagtailadmin/images/default-user-avatar.png") in html, url


def test_check_deploy_warns_about_settings_that_fail_unsafe():
    """Without REDIS_URL the limit and the stored form are per process; a proxy header with no
    trusted proxy puts every visitor behind one address (issue 9: production defaults)."""
    env = {key: value for key, value in PRODUCTION_ENV.items() if key not in ("REDIS_URL", "TRUSTED_PROXIES")}
    result = run_manage("check", "--deploy", env=env)
    assert "campaign_forms.W001" in result.stdout + result.stderr
    assert "campaign_forms.W002" in result.stdout + result.stderr


PRINT_CSP = (
    "from django.conf import settings; "
    "enforced = settings.CONTENT_SECURITY_POLICY; "
    "reported = getattr(settings, 'CONTENT_SECURITY_POLICY_REPORT_ONLY', None); "
    "print(bool(enforced), bool(reported)); "
    "print((enforced or reported)['DIRECTIVES'].get('report-uri'))"
)


def test_production_enforces_the_csp_unless_told_to_only_report():
    """Issue 9: ``CSP_REPORT_ONLY=true`` sends the same policy as report-only; the default blocks."""
    enforced = run_manage("shell", "-c", PRINT_CSP, env=PRODUCTION_ENV)
    assert enforced.returncode == 0, enforced.stderr
    assert enforced.stdout.split("\n")[-3:-1] == ["True False", "None"]
    env = {**PRODUCTION_ENV, "CSP_REPORT_ONLY": "true", "CSP_REPORT_URI": "https://reports.example.org/csp"}
    reported = run_manage("shell", "-c", PRINT_CSP, env=env)
    assert reported.returncode == 0, reported.stderr
    assert reported.stdout.split("\n")[-3:-1] == ["False True", "https://reports.example.org/csp"]
    deploy = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr
