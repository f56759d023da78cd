"""`make run`: migrate and seed, train if needed, start the three processes, stop on Ctrl-C."""

from __future__ import annotations

import signal
import sys
import time

from tools.system import ROOT, System, log
from tools.train import train


def main() -> int:
    model = train()
    system = System(model=model)
    stopping = False

    def _stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    try:
        system.start()
        print(
            f"""
PES Assistant is running.
  talk to it:     make shell        (a chat in this terminal, in another window)
  or with curl:   curl -s {system.rasa_url}/webhooks/rest/webhook -H 'Content-Type: application/json' \\
                    -d '{{"sender": "me", "message": "hi"}}'
  parse a text:   curl -s '{system.rasa_url}/model/parse?token=<RASA_AUTH_TOKEN>' \\
                    -d '{{"text": "any driver jobs in mombasa"}}'
  back-end API:   {system.backend_url}/api/v1/docs   (Bearer token: PES_API_TOKEN)
  web chat:       {system.console_url}/   (a demo page with the widget; ?lang=ar for Arabic)
  tokens:         RASA_AUTH_TOKEN and PES_API_TOKEN from the environment, else var/secrets.env
Press Ctrl-C to stop everything.
""",
            flush=True,
        )
        while not stopping:
            dead = system.first_dead()
            if dead:
                log(f"{dead} stopped unexpectedly; see its output above. Stopping everything.")
                return 1
            time.sleep(0.5)
        return 0
    except (RuntimeError, OSError) as exc:
        log(f"start-up failed: {exc}")
        return 1
    finally:
        log("stopping...")
        system.stop()
        log("stopped.")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
