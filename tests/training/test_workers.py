"""Live runs in training worker processes: commands out, frames in; lease, fair share, crashes, orphans.

Workers are real processes (``spawn``: each imports torch, ~2 s), shared by the tests of this module.
"""

import logging
import os
import queue
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from activations.training import budget, worker_pool
from activations.training.born_dead import born_dead
from activations.training.data import DataConfig
from activations.training.frames import decode
from activations.training.lab import DIVERGED, PAUSED, READY, RUNNING, Lab, LabConfig, RunConfig
from activations.training.loop import Recipe
from activations.training.model import architecture
from activations.training.session import CRASHED, LOST, QUEUED, LabSession
from activations.training.slots import RunSlots
from activations.training.worker_process import HostedLab
from tests.training.stream_client import next_frame, pull_for

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def config(lr: float = 0.1, hidden=(8, 8)) -> LabConfig:
    return LabConfig(
        DataConfig("moons", 200), (RunConfig(architecture(list(hidden)), Recipe("sgd", lr, 32)),)
    )


@pytest.fixture(scope="module")
def pool():
    pool = worker_pool.Pool(size=1, budget=1.0)
    pool.warm()
    yield pool
    pool.stop()


def session(pool, slots=None, owner="me") -> LabSession:
    return LabSession(slots or RunSlots(8), owner=owner, pool=pool)


def test_a_run_trains_in_the_worker_not_here(pool):
    one = session(pool)
    lab = one.use(config())
    assert one.status == READY and one.remote is None  # a page view builds nothing in a worker
    one.start()
    assert one.status == RUNNING and one.remote is not None and one.remote.worker.pid != os.getpid()
    pull_for(one, seconds=0.6)
    view = one.view()
    assert view.steps > 100 and lab.steps == 0  # the lab here never trained
    assert view.running and view.share == 1.0 and view.steps_per_s > 0
    assert len(view.runs[0].history) >= 2 and view.runs[0].probabilities.shape == (2, 64, 64)
    one.pause()
    assert one.status == PAUSED and one.slots.holders() == 0
    paused = one.steps
    one.step()
    assert one.steps == paused + 1
    one.reset()
    one.use(config())
    assert one.remote is None and one.steps == 0


def test_the_same_numbers_as_in_process_step_presses_included(pool):
    one = session(pool)
    one.use(config(lr=0.3))
    for _ in range(3):
        one.step()  # before the first Start: here, then replayed in the worker
    one.start()
    pull_for(one, seconds=0.3)
    one.pause()
    remote = one.view().runs[0].latest
    here = Lab(config(lr=0.3))
    for _ in range(3):
        here.step(1)
    here.step(remote.step - 3)
    local = here.runs[0].latest
    assert local.step == remote.step and local.train_loss == remote.train_loss
    assert local.test_acc == remote.test_acc and local.units.dead_counts == remote.units.dead_counts


def test_without_wants_a_run_stops(pool):
    """The tab vanished without closing its stream: no more wants, so the lease runs out (LEASE_S)
    and the run stops. Waits on the worker's own count of active runs, not on the clock (a slow
    machine only waits longer)."""
    one = session(pool)
    one.use(config())
    one.start()
    pull_for(one, seconds=0.3)
    deadline = time.monotonic() + 30
    while pool.stats()[0]["active"] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pool.stats()[0]["active"] == 0
    one.remote.step(0)  # the state without training
    before = one.steps
    time.sleep(0.4)
    one.remote.step(0)
    assert one.steps == before
    pull_for(one, seconds=0.3)  # wants again (the tab came back): it trains again
    assert one.steps > before
    one.reset()


def test_runs_share_a_worker_fairly(pool):
    slots = RunSlots(8)
    a, b = session(pool, slots, "a"), session(pool, slots, "b")
    a.use(config())
    b.use(config(hidden=(16, 16)))  # a bigger network: steps are slower, time is still shared
    a.start()
    b.start()

    def shared() -> bool:  # the worker's views: both runs have trained, each on half its time
        return a.view().share == b.view().share == 0.5 and a.steps > 0 and b.steps > 0

    deadline = time.monotonic() + 30
    while not shared() and time.monotonic() < deadline:
        pull_for(a, b, seconds=0.1)
    assert shared()
    stats = pool.stats()[0]
    assert stats["active"] == 2 and stats["labs"] >= 2
    a.reset()
    b.reset()


def test_divergence_is_reported_from_the_worker(pool):
    one = session(pool)
    explodes = LabConfig(
        DataConfig("moons", 200),
        (
            RunConfig(
                architecture([64, 64], 2, "leaky_relu", {"negative_slope": 1.0}), Recipe("momentum", 10.0)
            ),
        ),
    )
    one.use(explodes)
    one.start()
    deadline = time.monotonic() + 20
    frame = next_frame(one, full=True)
    while frame["status"] == RUNNING and time.monotonic() < deadline:
        frame = next_frame(one)
    assert frame["status"] == DIVERGED and frame["runs"][0]["train_loss"] is None
    assert one.status == DIVERGED and one.slots.holders() == 0
    one.reset()


def test_a_queued_run_starts_when_the_running_one_pauses(pool):
    slots = RunSlots(1)
    a, b = session(pool, slots, "a"), session(pool, slots, "b")
    a.use(config())
    b.use(config())
    a.start()
    b.start()
    assert b.queued and b.position == 1 and b.take_notice() == QUEUED and not b.running
    a.pause()
    assert b.tick() is True and b.running and not b.queued
    b.reset()
    a.reset()


def test_a_killed_worker_costs_its_run_a_message_not_the_server():
    pool = worker_pool.Pool(size=1, budget=1.0)
    try:
        one = session(pool)
        one.use(config())
        one.start()
        pull_for(one, seconds=0.2)
        worker = one.remote.worker
        os.kill(worker.pid, 9)
        worker.process.join(10)
        last = next_frame(one)  # the stream's next want: the last frame, marked crashed
        assert last["status"] == CRASHED and last["steps"] > 0  # the last picture stays on screen
        assert one.status == CRASHED and one.take_notice() == LOST and one.slots.holders() == 0
        assert decode(one.frame("en"))["status"] == CRASHED  # and the page's rerun shows it too
        one.start()  # a crashed run can't start again: Reset first
        assert one.status == CRASHED
        one.reset()
        one.use(config())
        one.start()  # a new worker takes the next run
        pull_for(one, seconds=0.3)
        assert one.running and one.steps > 0 and one.remote.worker.pid != worker.pid
        one.reset()
    finally:
        pool.stop()


def test_a_bad_command_fails_that_command_only(pool):
    one = session(pool)
    one.use(config())
    one.start()
    with pytest.raises(worker_pool.WorkerError):
        one.remote.worker.request("frame", 999_999, "en")  # no such lab
    pull_for(one, seconds=0.2)
    assert one.running and one.steps > 0
    one.reset()


def test_workers_exit_with_the_server():
    """No orphans: a server killed with SIGKILL takes its workers with it."""
    script = textwrap.dedent(
        """
        import signal
        from activations.training.worker_pool import Pool
        if __name__ == "__main__":
            pool = Pool(size=2, budget=2.0)
            pool.warm()
            pool.stats()  # both have started and answered
            print(" ".join(str(w.pid) for w in pool.workers()), flush=True)
            signal.pause()  # a server that runs until it is killed
        """
    )
    server = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        pids = [int(pid) for pid in server.stdout.readline().split()]
        assert len(pids) == 2 and all(_alive(pid) for pid in pids)
        server.kill()
        server.wait(10)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in pids)
    finally:
        server.kill()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"  # a zombie has exited
    except FileNotFoundError:
        return False


def test_budget_and_worker_count_from_the_environment(monkeypatch):
    monkeypatch.setenv("ACTIVATIONS_TRAINING_CORES", "3")
    assert budget.training_cores() == 3 and budget.worker_count() == 3
    monkeypatch.delenv("ACTIVATIONS_TRAINING_CORES")
    monkeypatch.setenv("ACTIVATIONS_RESERVE_CORES", "0.5")
    assert budget.training_cores() == max(0.5, budget.cores() - 0.5)
    monkeypatch.setenv("ACTIVATIONS_TRAINING_WORKERS", "0")
    assert not budget.enabled()
    assert worker_pool.Pool(size=2, budget=1.5).cap == 0.75


def test_a_closed_stream_stops_its_run_at_once(pool):
    one = session(pool)
    one.use(config())
    one.start()
    pull_for(one, seconds=0.3)
    answers = queue.SimpleQueue()
    one.want(False, "en", answers.put)  # a want waits in the worker...
    one.lapse()  # ...when the socket closes: answered at once, and the run trains no more
    assert answers.get(timeout=30) is not None
    assert pool.stats()[0]["active"] == 0
    one.remote.step(0)
    before = one.steps
    one.remote.step(0)
    assert one.steps == before and one.running  # still "running": the next want trains it again
    one.reset()


def test_a_silent_worker_is_stopped_its_requests_fail_and_it_is_replaced():
    pool = worker_pool.Pool(size=1, budget=1.0)
    try:
        pool.warm()
        (worker,) = pool.workers()
        worker.request("stats", timeout=60)  # started: torch imported, answering
        worker.send("hang", 60)  # from now on it answers nothing
        waiting, failures = threading.Event(), []

        def other_request() -> None:
            try:
                worker.request("stats", timeout=60, alive=lambda: waiting.set() or True, gone=lambda: None)
            except worker_pool.WorkerLost as error:
                failures.append(error)

        other = threading.Thread(target=other_request)
        other.start()
        assert waiting.wait(30)  # the other request is sent and waits
        with pytest.raises(worker_pool.WorkerLost):
            worker.request("stats", timeout=0.5)
        other.join(10)
        assert len(failures) == 1  # failed at once, not after its own 60 s
        assert worker.lost
        worker.process.join(10)
        assert not worker.process.is_alive()  # killed, not left idle to attract new runs
        replacement = pool.pick()
        assert replacement is not worker and replacement.request("stats", timeout=60)["pid"] != worker.pid
    finally:
        pool.stop()


def test_a_failed_command_is_logged_with_its_traceback(pool, caplog):
    (worker,) = pool.workers()
    with (
        caplog.at_level(logging.ERROR, logger="activations.training.worker_pool"),
        pytest.raises(worker_pool.WorkerError) as failed,
    ):
        worker.request("frame", 999_999, "en")  # no such lab
    assert "Traceback" in failed.value.details and "KeyError: 999999" in failed.value.details
    (record,) = [r for r in caplog.records if r.name == "activations.training.worker_pool"]
    assert "frame failed" in record.getMessage() and "Traceback" in record.getMessage()
    assert not worker.lost and worker.request("stats")["pid"] == worker.pid  # the worker goes on


def test_born_dead_runs_in_a_worker_with_progress_and_the_same_numbers(pool, monkeypatch):
    jobs = []
    request = worker_pool.Worker.request

    def watched(worker, op, *args, **kwargs):
        if op == "job":
            jobs.append(args[0].__name__)
        return request(worker, op, *args, **kwargs)

    monkeypatch.setattr(worker_pool.Worker, "request", watched)
    slots = RunSlots(8)
    one = session(pool, slots)
    lab = one.use(config(hidden=(8,)))
    seen = []
    result = one.born_dead(64, 3, 1000, progress=seen.append)
    assert result is not None and slots.holders() == 0 and one.born_dead_result(64, 3, 1000) is result
    assert seen and seen == sorted(seen) and seen[-1] == 1.0
    assert jobs == ["born_dead"]  # sent to a worker, by name
    arch = lab.config.runs[0].arch
    here = born_dead(
        lab.data.x_train, 64, 3, 1000, act=arch.act, act_params=dict(arch.act_params), init=arch.init,
        init_std=arch.init_std, bias_init=arch.bias_init, seed=lab.config.data.seed,
    )  # fmt: skip
    assert result == here
    one.reset()


def test_a_worker_silent_on_a_job_is_given_up(pool):
    lab = Lab(config())
    options = {"act": "relu", "act_params": {}, "init": "kaiming_normal", "init_std": 0.1, "bias_init": 0.0}
    spare = worker_pool.Pool(size=1, budget=1.0)
    try:
        spare.warm()
        spare.workers()[0].request("stats", timeout=60)
        with pytest.raises(worker_pool.WorkerLost):  # 50 layers of 1,000 networks take seconds, not 1 ms
            spare.job(born_dead, lab.data.x_train[:256].numpy(), 64, 50, 1000, timeout=0.001, **options)
        assert spare.workers()[0].lost
    finally:
        spare.stop()


def test_frames_come_at_a_screens_rate_alone_and_less_often_when_crowded(pool):
    one = session(pool, RunSlots(64))
    one.use(config())
    one.start()
    pull_for(one, seconds=0.3)
    alone = pool.stats()[0]
    assert alone["active"] == 1 and alone["interval"] == budget.FRAME_S and alone["frame_cost"] > 0
    crowd = [session(pool, one.slots, f"other-{n}") for n in range(40)]
    for other in crowd:
        other.use(config())
        other.start()
    answers = queue.SimpleQueue()
    for other in [one, *crowd]:
        other.want(False, "en", answers.put)  # 41 wants wait in the worker at once
    crowded = pool.stats()[0]
    assert crowded["active"] == 41
    expected = budget.frame_interval(41, crowded["frame_cost"], crowded["cap"])
    assert crowded["interval"] == pytest.approx(expected) and expected > budget.FRAME_S
    assert all(answers.get(timeout=60) is not None for _ in range(41))
    for other in [one, *crowd]:
        other.reset()


def test_a_run_that_stood_still_takes_its_share_from_now_on():
    hosted = HostedLab(Lab(config()), now=0.0)
    hosted.lab.start()
    hosted.used = 5.0  # it trained alone for a while, then its tab slept
    hosted.renew(now=100.0, floor=1.0)  # back, beside runs that have used 1 s each
    assert hosted.used == 1.0  # neither ahead of them (it would starve) nor behind (it would hog)
    hosted.used = 3.0
    hosted.renew(now=100.5, floor=1.0)  # a want within its lease: nothing changes
    assert hosted.used == 3.0


def test_a_worker_outlives_the_thread_that_started_it():
    """A script run's thread starts a worker, waits for its answer, and ends: the worker's death
    signal follows its parent *thread*, so workers are started from a thread that lives on."""
    pool = worker_pool.Pool(size=1, budget=1.0)
    try:

        def script_run() -> None:
            pool.warm()
            pool.workers()[0].request("stats", timeout=60)  # it runs and has asked for the signal

        thread = threading.Thread(target=script_run)
        thread.start()
        thread.join()
        deadline = time.monotonic() + 10
        while os.path.exists(f"/proc/self/task/{thread.native_id}") and time.monotonic() < deadline:
            time.sleep(0.01)  # the thread is gone from the kernel too
        (worker,) = pool.workers()
        assert worker.request("stats", timeout=60)["pid"] == worker.pid and worker.process.is_alive()
    finally:
        pool.stop()


def test_a_late_answer_for_an_earlier_run_leaves_the_new_one_alone(pool, monkeypatch):
    one = session(pool)
    one.use(config())
    one.start()
    late = []
    with monkeypatch.context() as patch:
        patch.setattr(worker_pool.RemoteLab, "want", lambda remote, full, lang, done: late.append(done))
        one.want(False, "en", late.append)  # the want of a stream, still unanswered...
    one.reset()
    one.use(config())
    one.start()  # ...when a Reset and a Start made a new run
    late[0](None, worker_pool.WorkerLost("the earlier run's worker is gone"))
    assert late[1] is None  # the earlier run is gone: its stream is closed
    assert one.status == RUNNING and one.take_notice() is None and next_frame(one)["status"] == RUNNING
    one.reset()
