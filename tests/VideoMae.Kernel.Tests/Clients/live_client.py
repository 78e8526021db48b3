"""Drives the kernel through a live display and an interrupted training run; prints what it saw as one JSON object.

The F# tests (LiveViewTests.fs) assert on that object. Arguments: the repository root and an empty work folder.
JUPYTER_PATH must point at a folder with our kernelspec.
"""
import json
import queue
import sys
import time

from jupyter_client.manager import start_new_kernel


def main():
    root, work = sys.argv[1], sys.argv[2]
    km, kc = start_new_kernel(kernel_name="videomae-fsharp", startup_timeout=120)
    seen = {}

    def iopub_of(msg_id, until_idle=True, stop=None, timeout=120):
        """The iopub messages of one request (type, display id, text/plain), until it is idle or stop(message)."""
        messages = []
        while True:
            message = kc.get_iopub_msg(timeout=timeout)
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            content = message["content"]
            kind = message["msg_type"]
            entry = {"type": kind}
            if kind == "execute_result":
                entry["text"] = content["data"].get("text/plain")
            elif kind in ("display_data", "update_display_data"):
                entry["display_id"] = content.get("transient", {}).get("display_id")
                entry["text"] = content["data"].get("text/plain")
                entry["mimes"] = sorted(content["data"])
            elif kind == "stream":
                entry["name"], entry["text"] = content["name"], content["text"]
            elif kind == "error":
                entry["ename"], entry["evalue"] = content["ename"], content["evalue"]
            messages.append(entry)
            if stop is not None and stop(entry):
                return messages
            if until_idle and kind == "status" and content["execution_state"] == "idle":
                return messages

    def reply(msg_id, timeout=120):
        while True:
            message = kc.get_shell_msg(timeout=timeout)
            if message["parent_header"].get("msg_id") == msg_id:
                return message["content"]

    load = kc.execute('#load "%s/notebooks/VideoMae.fsx"' % root)
    seen["load"] = reply(load, timeout=180)["status"]

    updates = kc.execute(
        'let live = Show.live ("version 0", interval = System.TimeSpan.Zero)\n'
        'live.Update "version 1"\n'
        'live.Update "version 2"\n'
        'live.Finish "version 3"')
    seen["updates_reply"] = reply(updates)["status"]
    seen["updates"] = [m for m in iopub_of(updates) if m["type"] not in ("status", "execute_input")]

    training = kc.execute(
        'open VideoMae.Data.Datasets\nopen VideoMae.Data.Synthetic\nopen VideoMae.Training\nopen VideoMae.Training.Settings\n'
        'let data = System.IO.Path.Combine(@"%s", "data")\n'
        'SyntheticDataset.Write(data, SyntheticKind.Hybrid, 4, SynthSettings(Frames = 32, Size = 64)) |> ignore\n'
        'let settings =\n'
        '    PretrainSettings(Model = "research-xs", Data = [| VideoSource(System.IO.Path.Combine(data, "unlabeled.txt"), 2) |],\n'
        '                     Run = RunSettings(Epochs = 10000, BatchSize = 2, CheckpointEvery = 0, Device = "cpu"))\n'
        'let view = TrainingView "tiny pre-training"\n'
        'TrainingRuns.Pretrain(settings, System.IO.Path.Combine(@"%s", "run"), onStep = view.OnStep, cancellation = view.Cancellation)\n'
        '|> view.Finish' % (work, work))
    # Interrupt once the view has shown a step: from then on the run has a step to save.
    before = iopub_of(training, until_idle=False,
                      stop=lambda m: m["type"] == "update_display_data" and "step " in (m.get("text") or ""))
    km.interrupt_kernel()
    started = time.time()
    interrupted = reply(training)
    seen["interrupt"] = {"status": interrupted["status"], "ename": interrupted.get("ename"),
                         "evalue": interrupted.get("evalue"), "seconds": time.time() - started}
    seen["training"] = [m for m in before + iopub_of(training) if m["type"] not in ("status", "execute_input")]

    # A cell that takes its interrupt token but never stops: the first interrupt only cancels the token, the second
    # aborts the cell.
    # (noticed is defined first: an aborted cell defines nothing.)
    reply(kc.execute("let mutable noticed = false"))
    stubborn = kc.execute(
        'let token = CellInterrupt.token ()\n'
        'while true do noticed <- noticed || token.IsCancellationRequested')
    time.sleep(2)
    km.interrupt_kernel()
    try:
        reply(stubborn, timeout=3)
        seen["running_after_first_interrupt"] = False
    except queue.Empty:
        seen["running_after_first_interrupt"] = True
    km.interrupt_kernel()
    aborted = reply(stubborn)
    seen["second_interrupt"] = {"status": aborted["status"], "ename": aborted.get("ename"), "evalue": aborted.get("evalue")}
    noticed = kc.execute("noticed")
    reply(noticed)
    seen["noticed"] = [m["text"] for m in iopub_of(noticed) if m["type"] == "execute_result"]

    km.shutdown_kernel(now=False)
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
