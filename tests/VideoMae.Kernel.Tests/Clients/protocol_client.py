"""Drives the kernel with jupyter_client (and raw ZeroMQ for forged messages); prints what it saw as one JSON object.

The F# tests (ProtocolTests.fs) assert on that object. JUPYTER_PATH must point at a folder with our kernelspec.
"""
import hashlib
import hmac
import json
import time
import uuid

import zmq
from jupyter_client.manager import start_new_kernel


def reply_to(msg_id, get, timeout=60):
    while True:
        message = get(timeout=timeout)
        if message["parent_header"].get("msg_id") == msg_id:
            return message


def main():
    km, kc = start_new_kernel(kernel_name="videomae-fsharp", startup_timeout=120)
    seen = {}

    def shell(method, *args):
        return reply_to(method(*args), kc.get_shell_msg)["content"]

    def execute(code):
        msg_id = kc.execute(code)
        reply = reply_to(msg_id, kc.get_shell_msg)["content"]
        result = None
        while True:
            message = kc.get_iopub_msg(timeout=60)
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            if message["msg_type"] == "execute_result":
                result = message["content"]["data"]["text/plain"]
            if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
                break
        return {"status": reply["status"], "ename": reply.get("ename"), "result": result}

    seen["kernel_info"] = shell(kc.kernel_info)
    seen["is_complete"] = {code: shell(kc.is_complete, code)["status"]
                           for code in ["let f x = x + 1", "let f x =", "[1; 2", "let 1x = )"]}
    execute("let myDefinition = 3")
    seen["complete_list"] = shell(kc.complete, "xs |> List.ma", 13)
    seen["complete_own"] = shell(kc.complete, "myDef", 5)
    execute("/// Triples a number.\nlet thrice x = 3 * x")
    seen["inspect_library"] = shell(kc.inspect, "[1; 2] |> List.map id", 16)
    seen["inspect_own"] = shell(kc.inspect, "thrice 2", 3)
    seen["inspect_nothing"] = shell(kc.inspect, "1 +   ", 5)

    execute("let mutable spins = 0L")
    msg_id = kc.execute("while true do spins <- spins + 1L")
    time.sleep(3)
    started = time.time()
    km.interrupt_kernel()
    interrupted = reply_to(msg_id, kc.get_shell_msg)["content"]
    seen["interrupt"] = {"status": interrupted["status"], "ename": interrupted.get("ename"),
                         "seconds": time.time() - started}
    seen["after_interrupt"] = execute("spins > 0L")

    # Forged and malformed messages, sent straight to the shell port.
    key = km.session.key
    socket = zmq.Context.instance().socket(zmq.DEALER)
    socket.connect("%s://%s:%d" % (km.transport, km.ip, km.shell_port))

    def send(code, signing_key):
        header = json.dumps({"msg_id": uuid.uuid4().hex, "session": uuid.uuid4().hex, "username": "test",
                             "date": "2026-01-01T00:00:00Z", "msg_type": "execute_request", "version": "5.3"})
        content = json.dumps({"code": code, "silent": False, "store_history": True, "user_expressions": {},
                              "allow_stdin": False, "stop_on_error": True})
        frames = [part.encode() for part in (header, "{}", "{}", content)]
        digest = hmac.new(signing_key, digestmod=hashlib.sha256)
        for frame in frames:
            digest.update(frame)
        socket.send_multipart([b"<IDS|MSG>", digest.hexdigest().encode()] + frames)

    def replied_within(seconds):
        return socket.poll(int(seconds * 1000)) != 0 and socket.recv_multipart() is not None

    send("let forgedDefinition = 1", b"not-the-key")
    seen["forged_replied"] = replied_within(3)
    socket.send_multipart([b"<IDS|MSG>", b"0" * 64, b"{not json"])
    seen["malformed_replied"] = replied_within(2)
    send("let signedDefinition = 2", key)
    seen["signed_replied"] = replied_within(60)
    seen["forged_defined"] = execute("forgedDefinition")
    seen["signed_defined"] = execute("signedDefinition")

    started = time.time()
    km.shutdown_kernel(now=False)
    seen["shutdown"] = {"alive": km.is_alive(), "seconds": time.time() - started}
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
