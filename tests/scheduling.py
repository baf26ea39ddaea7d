"""How pytest-xdist hands the tests to its workers (``make test``: ``--dist load``).

xdist's load scheduling hands each worker the tests in collection order, so each still runs
pytest-django's transactional tests (which empty the tables) after the others. But it hands
them in chunks of up to a quarter of what is left, and a worker's chunk cannot be taken
back: the 21 browser tests (about 90 s, one after another near the end of the order) went to
one worker while the other had finished 70 s before it. ``ShortQueues`` keeps the same
order and hands a worker its next test only when it has fewer than ``QUEUE`` waiting, so the
workers finish within about one test of each other.
"""

from xdist.scheduler import LoadScheduling

# A worker needs its next test before it finishes the current one (to know whether to tear
# down the fixtures of a module or class): two waiting is the least it runs with.
QUEUE = 2


class ShortQueues(LoadScheduling):
    def __init__(self, config, log=None):
        super().__init__(config, log)
        self.maxschedchunk = QUEUE  # the first hand-out, too

    def check_schedule(self, node, duration: float = 0) -> None:
        if node.shutting_down:
            return
        if not self.pending:
            node.shutdown()
            return
        waiting = self.node2pending[node]
        tests = self.pending[: max(0, QUEUE - len(waiting))]
        if tests:
            del self.pending[: len(tests)]
            waiting.extend(tests)
            node.send_runtest_some(tests)
