"""How fast this machine is just now, as one figure printed beside every load result.

On a shared virtual machine the same code runs up to two and a half times slower from one
minute to the next (other tenants), and a load test's tail follows. ``reference_ms()`` times a
fixed piece of pure-Python work (the median of five tries, in CPU time): of two results, one
measured when it reads 10 ms and one when it reads 20 ms, the first had a machine twice as fast.
``benchmarks/load.py`` prints it before and after each run.
"""

import statistics
import time


def _reference_work() -> int:
    total = 0
    for number in range(100_000):
        total += number * number % 7
    return total


def reference_ms(tries: int = 5) -> float:
    timings = []
    for _ in range(tries):
        started = time.process_time()
        _reference_work()
        timings.append((time.process_time() - started) * 1000)
    return statistics.median(timings)


if __name__ == "__main__":
    print(f"host speed: reference work took {reference_ms():.1f} ms CPU (lower is faster)")
