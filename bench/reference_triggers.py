"""The reference guide's three Python triggers, rebuilt from its description
(../shared/reference/reference-guide.md), measured the way our benches measure
ours: cost per invocation (event JSON in, handler, JSON out; SNS a no-op) and
cold start (interpreter start to handler ready, with boto3 and an SNS client,
as its Lambda has). This is the baseline measured in the same run.
"""

import json
import os
import random
import resource
import subprocess
import sys
import timeit

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "testkit", "events")


class NoSns:
    def publish(self, **_):
        return {"MessageId": "m"}


sns = NoSns()


def define(event, _ctx=None):
    session = event["request"]["session"]
    if not session:
        event["response"].update(challengeName="CUSTOM_CHALLENGE", issueTokens=False, failAuthentication=False)
    elif len(session) == 1 and session[0]["challengeName"] == "CUSTOM_CHALLENGE" and session[0]["challengeResult"]:
        event["response"].update(issueTokens=True, failAuthentication=False)
    else:
        event["response"].update(issueTokens=False, failAuthentication=True)
    return event


def create(event, _ctx=None):
    print(json.dumps(event))
    session = event["request"]["session"]
    if not session:
        code = str(random.randint(100000, 999999))
        phone = event["request"]["userAttributes"]["phone_number"]
        sns.publish(PhoneNumber=phone, Message=f"Your verification code is: {code}")
    else:
        code = session[-1]["challengeMetadata"].replace("CODE-", "")
    event["response"]["publicChallengeParameters"] = {"phone": event["request"]["userAttributes"].get("phone_number", "")}
    event["response"]["privateChallengeParameters"] = {"answer": code}
    event["response"]["challengeMetadata"] = f"CODE-{code}"
    print(json.dumps(event))
    return event


def verify(event, _ctx=None):
    expected = event["request"]["privateChallengeParameters"]["answer"]
    event["response"]["answerCorrect"] = expected == event["request"]["challengeAnswer"]
    return event


def per_invocation():
    fixtures = {n: open(os.path.join(FIXTURES, f"{n}.json")).read() for n in ("define_first_round", "create_first_round", "verify")}
    verify_event = json.loads(fixtures["verify"])
    verify_event["request"]["privateChallengeParameters"] = {"answer": "123456"}
    verify_event["request"]["challengeAnswer"] = "123456"
    fixtures["verify"] = json.dumps(verify_event)
    cases = [("define", define, "define_first_round"), ("create", create, "create_first_round"), ("verify", verify, "verify")]
    stdout = sys.stdout
    results = {}
    with open(os.devnull, "w") as null:
        for name, handler, fixture in cases:
            text = fixtures[fixture]
            sys.stdout = null  # the guide's Create prints events; to nowhere here
            n = 20000
            best = min(timeit.repeat(lambda: json.dumps(handler(json.loads(text))), number=n, repeat=5))
            sys.stdout = stdout
            results[name] = best / n * 1e6
    return results


def cold_start():
    """CPU time and peak RSS of a fresh interpreter that loads what the
    guide's Lambda loads (json, random, boto3) and makes its SNS client."""
    code = (
        "import json, random, resource, boto3\n"
        "boto3.client('sns', region_name='us-east-1')\n"
        "u = resource.getrusage(resource.RUSAGE_SELF)\n"
        "print(u.ru_utime + u.ru_stime, u.ru_maxrss)\n"
    )
    env = dict(os.environ, AWS_ACCESS_KEY_ID="x", AWS_SECRET_ACCESS_KEY="x", AWS_EC2_METADATA_DISABLED="true")
    runs = []
    for _ in range(7):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
        cpu, rss = out.stdout.split()
        runs.append((float(cpu) * 1e3, int(rss) / 1024))
    runs.sort()
    return runs[len(runs) // 2]


if __name__ == "__main__":
    for name, us in per_invocation().items():
        print(f"python {name:<8} {us:8.1f} us per invocation")
    cpu, rss = cold_start()
    print(f"python cold start: {cpu:.0f} ms CPU, {rss:.1f} MiB peak RSS (interpreter + boto3 + SNS client)")
