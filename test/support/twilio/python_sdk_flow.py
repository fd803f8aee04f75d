"""The Twilio Verify flow with the official `twilio` package from PyPI, unchanged, pointed at Tessera's /v2.

The SDK's own extension point does the pointing: an http_client whose requests to Twilio's Verify host go to the
gateway instead. Run by test/e2e/twilio-verify.e2e-spec.ts; prints one JSON line: the steps passed, and the codes
it read (for the leak scan). Any failed expectation raises, and the script exits non-zero.
"""

import json
import os
import random
import time
import urllib.parse
import urllib.request

from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

GATEWAY = os.environ["TESSERA_GATEWAY"]
SANDBOX = os.environ["TESSERA_SANDBOX"]
steps = []
codes = []


class GatewayHttpClient(TwilioHttpClient):
    def request(self, method, url, *args, **kwargs):
        return super().request(method, url.replace("https://verify.twilio.com", GATEWAY, 1), *args, **kwargs)


def client(username, password, account_sid=None):
    return Client(username, password, account_sid=account_sid, http_client=GatewayHttpClient())


# valid mobile numbers the sandbox delivers to, drawn by the jest test (libphonenumber-checked)
PHONES = os.environ["TESSERA_PHONES"].split(",")


def phone():
    return PHONES.pop()


def email():
    return f"py-{random.randint(0, 10**9):09d}@example.com"


def code_from_sandbox(to, channel, since_ms):
    query = urllib.parse.urlencode({"to": to, "channel": channel, "since": since_ms, "timeoutMs": 15000})
    with urllib.request.urlopen(f"{SANDBOX}/api/messages/wait?{query}", timeout=20) as answer:
        assert answer.status == 200, f"no {channel} message for {to}"
        code = json.loads(answer.read())["code"]
    codes.append(code)
    return code


def now_ms():
    return int(time.time() * 1000)


def rest_error(call):
    try:
        call()
    except TwilioRestException as error:
        return error
    raise AssertionError("the call succeeded")


def wrong(code):
    return ("1" if code == "0" * len(code) else "0") * len(code)


def main():
    twilio = client(os.environ["TWILIO_ACCOUNT_SID"], os.environ["TWILIO_AUTH_TOKEN"])
    service = twilio.verify.v2.services.create(friendly_name="Python", code_length=7, lookup_enabled=True)
    assert service.sid.startswith("VA") and len(service.sid) == 34, service.sid
    assert service.code_length == 7 and service.lookup_enabled is True and service.friendly_name == "Python"
    verify = twilio.verify.v2.services(service.sid)
    steps.append("service created")

    approved_to = None
    for channel, to in (("sms", phone()), ("whatsapp", phone()), ("email", email())):
        since = now_ms()
        started = verify.verifications.create(to=to, channel=channel)
        assert started.status == "pending" and started.to == to and started.channel == channel, started
        assert started.sid.startswith("VE") and len(started.send_code_attempts) == 1
        code = code_from_sandbox(to, channel, since)
        assert len(code) == 7, code
        checked = verify.verification_checks.create(to=to, code=code)
        assert checked.status == "approved" and checked.valid is True and checked.sid == started.sid, checked
        steps.append(f"{channel} approved")
        approved_to = approved_to or (to, code)

    error = rest_error(lambda: verify.verification_checks.create(to=approved_to[0], code=approved_to[1]))
    assert error.code == 20404 and error.status == 404, (error.code, error.status)
    steps.append("bare 404 after approval")

    to, since = phone(), now_ms()
    started = verify.verifications.create(to=to, channel="sms")
    bad = wrong(code_from_sandbox(to, "sms", since))
    statuses = []
    while True:
        try:
            statuses.append(verify.verification_checks.create(verification_sid=started.sid, code=bad).status)
        except TwilioRestException as error:
            assert error.code == 60202 and error.status == 429, (error.code, error.status)
            break
        assert len(statuses) <= 10, statuses
    assert statuses == ["pending"] * 4 + ["max_attempts_reached"], statuses
    steps.append("wrong codes until 60202")

    to, attempts = phone(), []
    while True:
        try:
            attempts.append(len(verify.verifications.create(to=to, channel="sms").send_code_attempts))
        except TwilioRestException as error:
            assert error.code == 60203 and error.status == 429, (error.code, error.status)
            break
        assert len(attempts) <= 10, attempts
    assert attempts == [1, 2, 3, 4, 5], attempts
    steps.append("resends until 60203")

    to = phone()
    started = verify.verifications.create(to=to, channel="sms")
    assert verify.verifications(started.sid).fetch().status == "pending"
    assert verify.verifications(to).fetch().sid == started.sid
    steps.append("fetched by sid and by To")

    assert verify.verifications(started.sid).update(status="canceled").status == "canceled"
    assert verify.verifications(started.sid).fetch().status == "canceled"
    steps.append("canceled and fetched")

    other = verify.verifications.create(to=phone(), channel="sms")
    assert verify.verifications(other.sid).update(status="approved").status == "approved"
    steps.append("approved without a code")

    for name in ("Python 2", "Python 3"):
        twilio.verify.v2.services.create(friendly_name=name)
    names = [s.friendly_name for s in twilio.verify.v2.services.list(page_size=2)]
    assert names == ["Python", "Python 2", "Python 3"], names
    page = twilio.verify.v2.services.page(page_size=2)
    assert [s.friendly_name for s in page] == ["Python", "Python 2"]
    following = page.next_page()
    assert [s.friendly_name for s in following] == ["Python 3"]
    assert following.next_page() is None
    steps.append("listed and paged")

    by_key = client(os.environ["TWILIO_API_KEY"], os.environ["TWILIO_API_SECRET"], os.environ["TWILIO_ACCOUNT_SID"])
    assert by_key.verify.v2.services(service.sid).fetch().sid == service.sid
    steps.append("api key")

    wrong_token = client(os.environ["TWILIO_ACCOUNT_SID"], os.environ["TWILIO_AUTH_TOKEN"][:-1] + "x")
    # a fetch: the SDK's list turns an error page into a plain TwilioException without the code
    error = rest_error(lambda: wrong_token.verify.v2.services(service.sid).fetch())
    assert error.code == 20003 and error.status == 401, (error.code, error.status)
    steps.append("20003")


if __name__ == "__main__":
    main()
    print(json.dumps({"steps": steps, "codes": codes}))
