"""`selfshop demo`: the bundled demo shop, Acme Outfitters, and the demo audit run against it.

`selfshop demo serve` serves the shop's two variants for you to browse; `selfshop demo` on its
own runs the demo audit (the walker registers that job in the callback below).
"""

from __future__ import annotations

import threading
from pathlib import Path

import typer

demo_app = typer.Typer(
    name="demo",
    help=(
        "The bundled demo shop, Acme Outfitters: a polished variant and a flawed one.\n\n"
        "Example: selfshop demo serve --port 8000"
    ),
    invoke_without_command=True,
    no_args_is_help=False,
    rich_markup_mode="rich",
)


@demo_app.callback(invoke_without_command=True)
def demo(
    ctx: typer.Context,
    out: Path | None = typer.Option(
        None, "--out", help="Folder for the run folders and reports (default: ./reports)."
    ),
    workers: int | None = typer.Option(
        None, "--workers", min=1, help="Journeys walked at once (default: CPUs, 4 at most)."
    ),
) -> None:
    """Start the demo shop on free ports, audit its polished and flawed variants, and say
    where the reports are; or use a sub-command.

    Example: selfshop demo --out /tmp/demo-reports
    """
    if ctx.invoked_subcommand is None:
        from selfshop.commands.run import run_demo

        run_demo(out, workers=workers)


@demo_app.command("serve")
def serve(
    port: int = typer.Option(
        8000, "--port", min=0, max=65535, help="Port of the polished variant (0: any free port)."
    ),
    flawed_port: int | None = typer.Option(
        None,
        "--flawed-port",
        min=0,
        max=65535,
        help="Port of the flawed variant (default: --port + 1, or any free port with --port 0).",
    ),
    slow_seconds: float = typer.Option(
        2.6, "--slow", min=0, max=60, help="How long the flawed variant's search page dawdles."
    ),
) -> None:
    """Serve the demo shop on 127.0.0.1 until Ctrl+C: the polished variant on --port, the
    flawed one beside it. Point a journey or an audit at either with --base-url.

    Example: selfshop demo serve --port 8000
    """
    from rich.console import Console

    from selfshop.demo.server import DemoShop
    from selfshop.demo.variants import ShopSettings
    from selfshop.errors import UsageError

    second = flawed_port if flawed_port is not None else (port + 1 if port else 0)
    try:
        shop = DemoShop(port, second, ShopSettings(slow_seconds=slow_seconds))
    except OSError as error:
        raise UsageError(
            f"cannot listen on 127.0.0.1 port {port} or {second} ({error.strerror}): "
            "choose others with --port and --flawed-port, or --port 0 for free ones"
        ) from error
    console = Console()
    urls = shop.start()
    try:  # from here: a Ctrl+C while the addresses are still being printed closes it too
        console.print("[bold]Acme Outfitters[/] demo shop is open (Ctrl+C to close it)")
        console.print(f"  polished  [link={urls.polished}]{urls.polished}[/link]")
        console.print(f"  flawed    [link={urls.flawed}]{urls.flawed}[/link]")
        console.print(
            f"Audit it: [cyan]selfshop run audits/demo.yaml --base-url {urls.flawed}[/]",
            highlight=False,
        )
        threading.Event().wait()  # the shop answers on its own threads until Ctrl+C
    except KeyboardInterrupt:
        console.print("Demo shop closed.")
    finally:
        shop.stop()
