"""`make shell`: chat with the running assistant over its REST channel.

Buttons are numbered; typing the number sends the button's payload, as SMS users will.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.error
import urllib.request
import uuid


def post(url: str, sender: str, message: str) -> list[dict]:
    req = urllib.request.Request(
        url,
        data=json.dumps({"sender": sender, "message": message}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=60) as resp:
        return json.loads(resp.read())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    port = os.environ.get("RASA_PORT", "5005")
    parser.add_argument("--url", default=f"http://127.0.0.1:{port}/webhooks/rest/webhook")
    parser.add_argument("--sender", default=f"shell-{uuid.uuid4().hex[:8]}")
    args = parser.parse_args()
    print(f"Talking to {args.url} as '{args.sender}'. Ctrl-D to quit.")
    buttons: list[dict] = []
    while True:
        try:
            text = input("you> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not text:
            continue
        if text.isdigit() and 0 < int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        try:
            replies = post(args.url, args.sender, text)
        except (urllib.error.URLError, OSError) as exc:
            print(f"(the assistant is not reachable: {exc}; is `make run` running?)")
            continue
        buttons = []
        for reply in replies:
            if reply.get("text"):
                print(f"bot> {reply['text']}")
            for button in reply.get("buttons", []):
                buttons.append(button)
                print(f"     {len(buttons)}. {button.get('title')}")
            if reply.get("image"):
                print(f"     [image] {reply['image']}")


if __name__ == "__main__":
    sys.exit(main())
