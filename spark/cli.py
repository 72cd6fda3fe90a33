"""The `spark` command: Flask's own commands (db, run, shell) plus the project's."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from spark import create_app


@click.group(cls=FlaskGroup, create_app=create_app)
def main() -> None:
    """Project Spark! - run `spark COMMAND --help` for each command."""


@main.command()
@click.option("--if-empty", is_flag=True, help="Only seed when there are no users yet.")
@with_appcontext
def demo(if_empty: bool) -> None:
    """Seed demo people, teams, rounds and pitches, and print the demo sign-ins."""
    from spark.demo import DEMO_PASSWORD, WHAT_TO_TRY, demo_people, seed_demo

    if current_app.config["SPARK_ENV"] == "production":
        # A clear refusal, not a traceback (seed_demo refuses too).
        raise click.ClickException("Demo data is never seeded in production")
    if seed_demo(only_if_empty=if_empty) is None:
        click.echo("Demo data already present.")
    click.echo(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD}):")
    for role, email in demo_people():
        click.echo(f"  {role:<28} {email}")
    click.echo("\nWhat to try:")
    for email, what in WHAT_TO_TRY:
        click.echo(f"  Sign in as {email} to {what}.")
    click.echo("")


@main.command()
@click.option("--once", is_flag=True, help="Deliver what is due now, then stop.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between polls.")
@with_appcontext
def deliver(once: bool, interval: float) -> None:
    """Deliver queued notifications from the outbox, with retries and backoff."""
    from spark.config import ConfigError
    from spark.core.notify import run_worker

    try:
        run_worker(once=once, interval=interval, echo=click.echo)
    except ConfigError as error:
        raise click.ClickException(str(error)) from error
