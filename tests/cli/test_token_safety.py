"""F33: a token passed in the wrong place is refused and never echoed, on any stream."""

from __future__ import annotations

import pytest
from click.testing import CliRunner, Result

from notion_setup.cli import cli

#: Shaped like a current Notion secret.
SHAPED = "ntn_F33canary0123456789abcdefghijklmnopqrstuv"
#: Not shaped like one, but it is the token in $NOTION_TOKEN.
PLAIN = "F33plaincanary0123456789abcdefXYZ"
PAGE = "1f2e3d4c5b6a79881f2e3d4c5b6a7988"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def assert_refused_unseen(result: Result, secret: str) -> None:
    assert result.exit_code == 2, result.output
    assert "looks like a Notion token (not repeated here)" in result.stderr
    assert secret not in result.stdout + result.stderr
    # Not even a fragment of it.
    assert secret[4:20] not in result.stdout + result.stderr


@pytest.mark.parametrize(
    "command", [["plan", "av", "--client", "A"], ["doctor"], ["destroy", "--client", "A"]]
)
def test_f33_token_env_holding_a_secret_is_refused_without_echo(command: list[str]) -> None:
    result = run(*command, "--parent", PAGE, "--token-env", SHAPED)
    assert_refused_unseen(result, SHAPED)


def test_f33_token_env_equal_to_the_token_is_refused_without_echo() -> None:
    result = run("apply", "av", "--client", "A", "--parent", PAGE, "--token-env", PLAIN,
                 env={"NOTION_TOKEN": PLAIN})  # fmt: skip
    assert_refused_unseen(result, PLAIN)


@pytest.mark.parametrize("secret", [SHAPED, "secret_F33legacycanary0123456789abcdef"])
@pytest.mark.parametrize("command", [["plan", "av", "--client", "A"], ["doctor"],
                                     ["new", "invoice", "--client", "A"]])  # fmt: skip
def test_f33_parent_holding_a_secret_is_refused_without_echo(
    command: list[str], secret: str
) -> None:
    result = run(*command, "--parent", secret, env={"NOTION_TOKEN": PLAIN})
    assert_refused_unseen(result, secret)


def test_f33_parent_equal_to_a_token_from_another_variable_is_not_echoed() -> None:
    result = run("doctor", "--token-env", "AGENCY_TOKEN", "--parent", PLAIN,
                 env={"AGENCY_TOKEN": PLAIN})  # fmt: skip
    assert_refused_unseen(result, PLAIN)


def test_f33_export_page_id_holding_a_secret_is_not_echoed() -> None:
    result = run("export", SHAPED, env={"NOTION_TOKEN": PLAIN})
    assert_refused_unseen(result, SHAPED)


@pytest.mark.parametrize("command", [["doctor"], ["plan", "av", "--client", "A", "--parent", PAGE],
                                     ["batch", "missing.json"]])  # fmt: skip
def test_f33_a_secret_inside_notion_base_url_is_refused_without_echo(command: list[str]) -> None:
    url = f"https://api.notion.com/{SHAPED}"
    result = run(*command, env={"NOTION_TOKEN": PLAIN, "NOTION_BASE_URL": url})
    assert_refused_unseen(result, SHAPED)


def test_f33_the_token_itself_inside_base_url_is_refused_without_echo() -> None:
    result = run("doctor", "--base-url", f"https://{PLAIN}@api.notion.com",
                 env={"NOTION_TOKEN": PLAIN})  # fmt: skip
    assert_refused_unseen(result, PLAIN)


def test_f33_a_plain_name_still_reaches_the_missing_token_message() -> None:
    result = run("doctor", "--token-env", "NOTION_TOKEN_ACME")
    assert result.exit_code == 2
    assert "$NOTION_TOKEN_ACME is not set" in result.stdout
