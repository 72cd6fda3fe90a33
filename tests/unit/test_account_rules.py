"""Account rules: the password policy (NCSC), who may sign up, safe redirects, invitations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from spark.accounts import rules
from spark.accounts.rules import (
    email_domain_allowed,
    invitation_status,
    password_problem,
    safe_next_url,
)

TOO_SHORT = "Password must be 12 characters or more"
TOO_COMMON = "Password is too easy to guess. Choose a password that is not commonly used"
PERSONAL = "Password must not contain your name, email address or the name of this service"


class TestPasswordPolicy:
    def test_empty(self):
        assert password_problem("") == "Enter a password"

    def test_eleven_characters_is_too_short(self):
        assert password_problem("q7#vbn-mz1x") == TOO_SHORT
        assert len("q7#vbn-mz1x") == 11

    def test_twelve_characters_is_enough(self):
        assert password_problem("q7#vbn-mz1xk") is None

    def test_too_long(self):
        assert password_problem("kettle " * 40) == "Password must be 256 characters or fewer"

    def test_no_composition_rules(self):
        # NCSC: no forced digits, capitals or symbols - lower-case words are fine.
        assert password_problem("violet harbour kettle") is None
        assert password_problem("violetharbourkettle") is None

    def test_long_passphrase_accepted(self):
        assert password_problem("correct horse battery staple on a wet tuesday") is None

    @pytest.mark.parametrize(
        "password", ["password1234", "iloveyou1234", "qwertyuiop12", "Password1234!"]
    )
    def test_deny_listed_with_digits_and_symbols(self, password):
        assert password_problem(password) == TOO_COMMON

    def test_deny_listed_as_it_is(self):
        listed = next(p for p in sorted(rules.common_passwords()) if len(p) >= 12)
        assert password_problem(listed) == TOO_COMMON
        assert password_problem(listed.upper()) == TOO_COMMON

    @pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "abcabcabcabc", "abababababab1"])
    def test_repeated_runs(self, password):
        assert password_problem(password) == TOO_COMMON

    def test_containing_name(self):
        assert password_problem("lovelace-rocks-99", name="Ada Lovelace") == PERSONAL

    def test_containing_email_local_part(self):
        assert password_problem("xx-ada.king-xx", email="ada.king@example.gov.uk") == PERSONAL

    def test_short_name_parts_are_not_checked(self):
        # "Al" is too short to count: it would refuse many good passwords.
        assert password_problem("always-brave-kettle", name="Al Ng") is None

    def test_service_name(self):
        assert password_problem("my-spark-password-is-long") == PERSONAL


class TestEmailDomain:
    ALLOWED = ["gov.uk"]

    @pytest.mark.parametrize(
        "email",
        ["someone@gov.uk", "someone@dwp.gov.uk", "someone@digital.cabinet-office.gov.uk"],
    )
    def test_domain_and_subdomains(self, email):
        assert email_domain_allowed(email, self.ALLOWED)

    def test_case_and_spaces_do_not_matter(self):
        assert email_domain_allowed("Someone@DWP.GOV.UK ", self.ALLOWED)

    @pytest.mark.parametrize(
        "email",
        [
            "someone@notgov.uk",
            "someone@gov.uk.evil.com",
            "someone@gmail.com",
            "gov.uk@example.com",
            "someone@govuk",
        ],
    )
    def test_lookalikes_refused(self, email):
        assert not email_domain_allowed(email, self.ALLOWED)

    def test_several_domains(self):
        allowed = ["gov.uk", "nhs.net"]
        assert email_domain_allowed("someone@nhs.net", allowed)
        assert not email_domain_allowed("someone@nhs.uk", allowed)

    def test_no_domains_allows_nobody(self):
        assert not email_domain_allowed("someone@gov.uk", [])


class TestSafeNextUrl:
    @pytest.mark.parametrize("target", ["/", "/admin/users", "/pitches/3?tab=scores#top"])
    def test_paths_on_this_site(self, target):
        assert safe_next_url(target) == target

    @pytest.mark.parametrize(
        "target",
        [
            None,
            "",
            "//evil.example.com",
            "//evil.example.com/path",
            "/\\evil.example.com",
            "\\\\evil.example.com",
            "https://evil.example.com/",
            "http://127.0.0.1/",
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "/\t/evil.example.com",
            "/\n/evil.example.com",
            "evil.example.com",
            "admin/users",
        ],
    )
    def test_everything_else_refused(self, target):
        assert safe_next_url(target) is None


class TestInvitationStatus:
    NOW = datetime(2026, 11, 26, 14, 30, tzinfo=UTC)

    def test_pending_until_it_expires(self):
        assert invitation_status(self.NOW + timedelta(seconds=1), None, self.NOW) == "pending"

    def test_expired(self):
        assert invitation_status(self.NOW, None, self.NOW) == "expired"

    def test_accepted_even_after_expiry(self):
        accepted = self.NOW - timedelta(days=8)
        assert invitation_status(self.NOW - timedelta(days=1), accepted, self.NOW) == "accepted"


def test_departments_are_a_to_z_without_duplicates():
    names = rules.departments()
    assert "Cabinet Office" in names
    assert list(names) == sorted(names, key=str.casefold)
    assert len(set(names)) == len(names)
